"""A fleet's status stays small and readable with 10,000 targets; label selectors select what kubectl would."""

from __future__ import annotations

import json
from typing import Any

from schemawright.fleet import TargetResult
from schemawright.operator import fleet
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
