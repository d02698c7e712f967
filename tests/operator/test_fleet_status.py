"""A fleet's status stays small and readable with 10,000 targets (drifted ones too); label selectors select what
kubectl would; the operator remembers where it left each target."""

from __future__ import annotations

import json
from typing import Any

from schemawright.fleet import Moved, TargetResult
from schemawright.operator import fleet, fleetrecord
from schemawright.operator.model import Resource, Settings, StatusBook


def resource() -> Resource:
    doc = {
        "apiVersion": "schemawright.io/v1alpha1",
        "kind": "DatabaseSchema",
        "metadata": {"name": "tenants", "namespace": "shop"},
        "spec": {"database": {"secretSelector": {"matchLabels": {"fleet": "tenants"}}}},
    }
    return Resource("shop", "tenants", "uid-1", 1, doc, {}, {})


def finish(results: list[TargetResult]) -> tuple[dict[str, Any], Any]:
    book = StatusBook({}, 1)
    failure = fleet.finish_status(resource(), book, Settings(), results, "stopped", "Apply", [])
    return book.snapshot(), failure


def test_ten_thousand_failing_targets_keep_the_status_small() -> None:
    results = [TargetResult(f"tenant-{n:05d}", "failed", error="step 1 failed: " + "x" * 2000) for n in range(5000)]
    results += [TargetResult(f"tenant-{n:05d}", "ready", plan_hash=f"h{n % 50}") for n in range(5000, 10000)]
    status, failure = finish(results)
    assert len(json.dumps(status)) < 64 * 1024  # Kubernetes allows ~1.5 MiB per object
    assert status["targets"]["summary"] == "5000/10000" and status["targets"]["failed"] == 5000
    assert len(status["targetDetails"]) == fleet.MAX_DETAILS and status["targetDetailsOmitted"] == 4950
    assert all(len(d["lastError"]) <= fleet.MAX_ERROR for d in status["targetDetails"])
    ready = next(c for c in status["conditions"] if c["type"] == "Ready")
    assert ready["status"] == "False" and "tenant-00000, tenant-00001, tenant-00002 and 4997 more" in ready["message"]
    assert failure is not None and not failure.permanent  # retried with backoff, not Stalled
    assert len(status["plans"]) == 10


def test_all_ready_and_waiting() -> None:
    status, failure = finish([TargetResult("a", "ready", plan_hash="h1"), TargetResult("b", "ready", plan_hash="h1")])
    assert failure is None and status["targetDetails"] == []
    assert next(c for c in status["conditions"] if c["type"] == "Ready")["status"] == "True"
    status, failure = finish(
        [TargetResult("a", "waitingForApproval", plan_hash="h2"), TargetResult("b", "ready", plan_hash="h1")]
    )
    approval = next(c for c in status["conditions"] if c["type"] == "ApprovalRequired")
    assert failure is None and approval["status"] == "True" and "schemawright.io/approve=h2" in approval["message"]


def test_label_selectors() -> None:
    selector = {
        "matchLabels": {"fleet": "tenants"},
        "matchExpressions": [
            {"key": "tier", "operator": "In", "values": ["gold", "silver"]},
            {"key": "frozen", "operator": "DoesNotExist"},
        ],
    }
    assert fleet.label_selector(selector) == "fleet=tenants,tier in (gold,silver),!frozen"
    assert fleet.matches(selector, {"fleet": "tenants", "tier": "gold"})
    assert not fleet.matches(selector, {"fleet": "tenants", "tier": "bronze"})
    assert not fleet.matches(selector, {"fleet": "tenants", "tier": "gold", "frozen": "yes"})
    assert not fleet.matches(selector, None)


def test_memberships_report_joins_and_leaves() -> None:
    members = fleet.Memberships()
    assert members.update(resource(), ["a", "b"]) is None
    assert members.concerned("shop", "c", {"fleet": "tenants"}, deleted=False) == ["tenants"]
    assert members.concerned("shop", "a", {"fleet": "tenants"}, deleted=False) == []
    assert members.concerned("shop", "a", {"fleet": "tenants"}, deleted=True) == ["tenants"]
    assert members.concerned("other", "c", {"fleet": "tenants"}, deleted=False) == []
    assert members.update(resource(), ["b", "c"]) == (["c"], ["a"])


def test_ten_thousand_drifted_targets_keep_the_status_small() -> None:
    moved = {f"tenant-{n:05d}": Moved(f"cat2:{n:032x}", "cat2:" + "0" * 32) for n in range(10000)}
    drift = fleetrecord.drift_status(moved, "2026-12-02T12:00:00Z")
    waiting = {
        name: TargetResult(name, "waitingForApproval", plan_hash="h1", fingerprint=m.live, changes=("contract: x",) * 5)
        for name, m in moved.items()
    }
    drift = fleetrecord.with_outcomes(drift, waiting, full=False)
    book = StatusBook({}, 1)
    fleet.finish_status(resource(), book, Settings(), list(waiting.values()), None, "Apply", [])
    book.fields["drift"] = drift
    book.set(fleetrecord.drifted_condition(drift, all_ready=False))
    status = book.snapshot()
    assert len(json.dumps(status)) < 64 * 1024
    assert len(status["drift"]["targets"]) == fleetrecord.MAX_DRIFTED and status["drift"]["targetsOmitted"] == 9950
    assert len(status["fingerprints"]) == 10
    drifted = next(c for c in status["conditions"] if c["type"] == "Drifted")
    assert drifted["status"] == "True" and drifted["message"].startswith("10000 target(s) changed outside")
    assert "tenant-00000 (waitingForApproval, plan h1: contract: x, contract: x and 3 more)" in drifted["message"]
    assert "and 9997 more (status.drift)" in drifted["message"]


def test_the_record_keeps_where_each_target_was_left() -> None:
    records = fleetrecord.FleetRecords()
    records.remember(
        "uid",
        [
            TargetResult("a", "ready", fingerprint="cat2:a"),
            TargetResult("b", "waitingForApproval", fingerprint="cat2:b"),
            TargetResult("c", "failed", error="boom"),
            TargetResult("d", "pending"),
        ],
    )
    assert records.expected("uid") == {"a": "cat2:a", "b": "cat2:b"}  # failed and not started: not checked
    # the drift timer put a back and could not put b back: b keeps where it was left, so the next check retries it
    merged = records.remember(
        "uid",
        [TargetResult("a", "ready", fingerprint="cat2:a2"), TargetResult("b", "failed", error="x")],
        partial=True,
    )
    assert [(r.name, r.phase) for r in merged] == [("a", "ready"), ("b", "failed"), ("c", "failed"), ("d", "pending")]
    assert records.expected("uid") == {"a": "cat2:a2", "b": "cat2:b"}
    records.remember("uid", [TargetResult("a", "ready", fingerprint="cat2:a3")])  # a full rollout replaces it all
    assert records.expected("uid") == {"a": "cat2:a3"} and records.known("uid")
    records.forget("uid")
    assert not records.known("uid")


def test_a_full_rollout_settles_an_open_drift() -> None:
    moved = {"t1": Moved("cat2:new", "cat2:old"), "t2": Moved("cat2:new2", "cat2:old")}
    drift = fleetrecord.with_outcomes(
        fleetrecord.drift_status(moved, "now"),
        {"t1": TargetResult("t1", "ready", plan_hash="h0", changes=("expand: ALTER TABLE ADD COLUMN public.a",))},
        full=False,
    )
    book = StatusBook({}, 1)
    book.set(fleetrecord.drifted_condition(drift, all_ready=False))
    status = {**book.snapshot(), "drift": drift}
    assert next(c for c in status["conditions"] if c["type"] == "Drifted")["status"] == "True"  # t2 is open
    settled, condition = fleetrecord.after_rollout(
        status,
        [
            TargetResult("t1", "ready", plan_hash="h0"),
            TargetResult("t2", "ready", plan_hash="h2", changes=("contract: ALTER TABLE DROP COLUMN public.a",)),
        ],
    )
    assert settled is not None and [e["phase"] for e in settled["targets"]] == ["ready", "ready"]
    assert condition.status is False and condition.reason == "DriftCorrected"
    assert "t2 (ready, plan h2: contract: ALTER TABLE DROP COLUMN public.a)" in condition.message
    assert "t1 (ready, plan h0: expand: ALTER TABLE ADD COLUMN public.a)" in condition.message  # what put it back
    # a drift already closed is not reopened by a later rollout that waits for another reason
    closed = {**status, "conditions": [{"type": "Drifted", "status": "False", "reason": "DriftCorrected"}]}
    unchanged, again = fleetrecord.after_rollout(closed, [TargetResult("t1", "waitingForApproval", plan_hash="h9")])
    assert unchanged is None and again.status is False and again.reason == "DriftCorrected"
