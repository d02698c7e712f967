"""The drift timer of a fleet: a change made by hand in one tenant database is found on the interval, reported
for that target alone (event, status.drift, Drifted) and put back there alone — or held for approval when that
would drop something; a target that cannot be reached is reported as such and the others are still checked; a
target that left the fleet is never looked at again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from _cluster import SECRETS, Cluster, Kubectl, free_port, wait_for
from _docs import LABEL, tenants
from _target import PASSWORD, ROLE, Target
from kmock import Server

from schemawright.operator import metrics

pytestmark = pytest.mark.asyncio


def status(kubectl: Kubectl) -> dict[str, Any]:
    return dict((kubectl.get("tenants") or {}).get("status") or {})


def all_ready(kubectl: Kubectl, summary: str) -> bool:
    return (
        kubectl.status_of("tenants", "Ready") == "True"
        and (status(kubectl).get("targets") or {}).get("summary") == summary
    )


def applies(target: Target) -> int:
    """How many plans the target's journal holds: one more for each reconcile that changed it."""
    return int(target.query("SELECT count(*) FROM schemawright.plans")[0][0])


def drift_events(kubectl: Kubectl) -> list[str]:
    return [e["message"] for e in kubectl.events("tenants") if e["reason"] == "DriftDetected"]


def checks() -> float:
    return metrics.DRIFT_CHECKS.labels("shop", "tenants")._value.get()


async def fleet_of(kubectl: Kubectl, dbs: list[Target], **doc: Any) -> None:
    for n, db in enumerate(dbs):
        await kubectl.create_secret(f"tenant-{n:02d}", {"url": db.url}, labels=LABEL)
    await kubectl.apply(tenants(["name"], drift="1s", **doc))
    await wait_for(f"all {len(dbs)} ready", lambda: all_ready(kubectl, f"{len(dbs)}/{len(dbs)}"), timeout=120)


async def test_a_change_by_hand_in_one_tenant_is_found_for_it_alone_and_put_back(
    operator: Kubectl, make_targets: Callable[[int], list[Target]], cluster: tuple[Cluster, Server]
) -> None:
    kubectl = operator
    dbs = make_targets(3)
    await fleet_of(kubectl, dbs)
    before = [applies(db) for db in dbs]

    # A column dropped by hand in tenant-01: found, reported for tenant-01 only, and added back there only.
    dbs[1].query("ALTER TABLE accounts DROP COLUMN name")
    await wait_for("Drifted=True (seen by a watcher)", lambda: kubectl.was_true("tenants", "Drifted"), timeout=20)
    await wait_for(
        "DriftCorrected", lambda: kubectl.condition("tenants", "Drifted").get("reason") == "DriftCorrected", timeout=60
    )
    assert dbs[1].columns("accounts") == ["id", "email", "name"]
    assert [applies(db) for db in dbs] == [before[0], before[1] + 1, before[2]]  # the others were not touched
    events = drift_events(kubectl)
    assert events and all(m.startswith("tenant-01: the live schema was changed outside schemawright") for m in events)
    drift = status(kubectl)["drift"]
    [entry] = drift["targets"]
    assert entry["name"] == "tenant-01" and entry["phase"] == "ready" and drift["targetsOmitted"] == 0
    assert entry["liveFingerprint"] != entry["expectedFingerprint"]
    assert any("ADD COLUMN" in c and "accounts" in c for c in entry["changes"]), entry["changes"]
    corrected = kubectl.condition("tenants", "Drifted")["message"]
    assert "tenant-01" in corrected and "tenant-00" not in corrected and "tenant-02" not in corrected
    assert all_ready(kubectl, "3/3")
    assert status(kubectl)["fingerprints"] == [{"fingerprint": entry["expectedFingerprint"], "targets": 3}]

    # A column added by hand in tenant-02: putting it back drops it, so it waits for approval there.
    dbs[2].query("ALTER TABLE accounts ADD COLUMN extra text")
    await wait_for(
        "Drifted=True and ApprovalRequired=True",
        lambda: (
            kubectl.status_of("tenants", "Drifted") == "True"
            and kubectl.status_of("tenants", "ApprovalRequired") == "True"
        ),
        timeout=60,
    )
    assert "extra" in dbs[2].columns("accounts")
    now = status(kubectl)
    assert now["targets"]["waitingForApproval"] == 1 and now["targets"]["ready"] == 2
    [entry] = now["drift"]["targets"]
    assert entry["name"] == "tenant-02" and entry["phase"] == "waitingForApproval"
    assert any("DROP COLUMN" in c for c in entry["changes"]), entry["changes"]
    assert [d["name"] for d in now["targetDetails"]] == ["tenant-02"]
    drifted = kubectl.condition("tenants", "Drifted")["message"]
    assert "tenant-02 (waitingForApproval" in drifted and entry["planHash"] in drifted

    # Approved by its hash: the reconcile drops it on tenant-02 and closes the drift.
    await kubectl.annotate("tenants", "schemawright.io/approve", entry["planHash"])
    await wait_for(
        "Drifted=False and all ready",
        lambda: kubectl.status_of("tenants", "Drifted") == "False" and all_ready(kubectl, "3/3"),
        timeout=60,
    )
    assert "extra" not in dbs[2].columns("accounts")
    assert kubectl.condition("tenants", "Drifted")["reason"] == "DriftCorrected"

    # tenant-00 leaves the fleet: a change by hand there is never looked at again.
    emulator, _server = cluster
    await wait_for("the Secret watch", lambda: emulator.watching(SECRETS), timeout=20)
    await kubectl.delete_secret("tenant-00")
    await wait_for("2 targets", lambda: all_ready(kubectl, "2/2"), timeout=60)
    dbs[0].query("ALTER TABLE accounts DROP COLUMN name")
    seen = checks()
    await wait_for("three more drift checks", lambda: checks() >= seen + 6, timeout=30)
    assert dbs[0].columns("accounts") == ["id", "email"]
    assert not any(m.startswith("tenant-00") for m in drift_events(kubectl))


async def test_an_unreachable_target_is_reported_as_such_and_does_not_stop_the_others(
    operator: Kubectl, make_targets: Callable[[int], list[Target]]
) -> None:
    kubectl = operator
    dbs = make_targets(3)
    await fleet_of(kubectl, dbs)

    # tenant-00's Secret now names a server nobody listens on; tenant-02 gets a column dropped by hand.
    await kubectl.replace_secret("tenant-00", {"url": f"postgresql://{ROLE}:{PASSWORD}@127.0.0.1:{free_port()}/gone"})
    dbs[2].query("ALTER TABLE accounts DROP COLUMN name")
    await wait_for(
        "tenant-00 unreachable",
        lambda: [e["name"] for e in status(kubectl).get("unreachableTargets") or []] == ["tenant-00"],
    )
    await wait_for(
        "tenant-02 put back",
        lambda: kubectl.condition("tenants", "Drifted").get("reason") == "DriftCorrected",
        timeout=60,
    )
    assert dbs[2].columns("accounts") == ["id", "email", "name"]
    [unreachable] = status(kubectl)["unreachableTargets"]
    assert "cannot connect" in unreachable["error"] and unreachable["since"]
    assert [e["name"] for e in status(kubectl)["drift"]["targets"]] == ["tenant-02"]
    assert not any(m.startswith("tenant-00") for m in drift_events(kubectl))
    reported = [e["message"] for e in kubectl.events("tenants") if e["reason"] == "TargetUnreachable"]
    assert len(reported) == 1 and reported[0].startswith("tenant-00: its drift could not be checked")
    assert all_ready(kubectl, "3/3")  # unreachable for the drift timer is not a failed rollout

    # Back: the next check reads it again and the report goes away.
    await kubectl.replace_secret("tenant-00", {"url": dbs[0].url})
    await wait_for("tenant-00 reachable again", lambda: "unreachableTargets" not in status(kubectl), timeout=20)
    assert kubectl.status_of("tenants", "Drifted") == "False"


async def test_a_tenant_schema_changed_by_hand_is_put_back(operator: Kubectl, target: Target) -> None:
    kubectl = operator
    for schema in ("tenant_a", "tenant_b", "tenant_c"):
        target.query(f"CREATE SCHEMA {schema}")
    await kubectl.create_secret("saas-db", {"url": target.url})
    doc = tenants(["name"], drift="1s")
    doc["spec"]["database"] = {
        "connectionSecretRef": {"name": "saas-db"},
        "schemas": ["app"],
        "tenantSchemas": {"pattern": "tenant_*"},
    }
    await kubectl.apply(doc)
    await wait_for("3 tenant schemas ready", lambda: all_ready(kubectl, "3/3"), timeout=120)

    target.query("ALTER TABLE tenant_b.accounts DROP COLUMN name")
    await wait_for(
        "DriftCorrected", lambda: kubectl.condition("tenants", "Drifted").get("reason") == "DriftCorrected", timeout=60
    )
    assert target.query(
        "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'tenant_b' AND column_name = 'name'"
    ) == [(1,)]
    assert [e["name"] for e in status(kubectl)["drift"]["targets"]] == ["tenant_b"]
    assert all(m.startswith("tenant_b: ") for m in drift_events(kubectl))
