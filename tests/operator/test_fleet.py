"""A fleet: one DatabaseSchema selecting 12 databases by Secret label, rolled out canary first, at most
maxParallel at once; a failing target stops the rollout and is named; fixed, it resumes; a Secret added later
joins; a destructive change approved by hash on all of them."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from _cluster import SECRETS, Kubectl, wait_for
from _docs import LABEL, tenants
from _target import PASSWORD, Target

from fleet._fleetdocs import LIFT, REFUSE_NEW_TABLES  # tests/ is on the path (its conftest.py)

pytestmark = pytest.mark.asyncio


@pytest.fixture
def fleet_targets(make_targets: Callable[[int], list[Target]]) -> list[Target]:
    """13 databases (12 at first, one joins later)."""
    return make_targets(13)


def window(target: Target) -> tuple[dt.datetime, dt.datetime]:
    rows = target.query("SELECT started_at, finished_at FROM schemawright.plans ORDER BY id DESC LIMIT 1")
    return rows[0][0], rows[0][1]


def peak(windows: list[tuple[dt.datetime, dt.datetime]]) -> int:
    edges = sorted([(s, 1) for s, _ in windows] + [(e, -1) for _, e in windows])
    running = best = 0
    for _, change in edges:
        running += change
        best = max(best, running)
    return best


def ready(kubectl: Kubectl, generation: int, summary: str) -> bool:
    obj = kubectl.get("tenants") or {}
    status = obj.get("status") or {}
    return (
        kubectl.status_of("tenants", "Ready") == "True"
        and status.get("observedGeneration") == generation
        and (status.get("targets") or {}).get("summary") == summary
    )


async def test_fleet_rollout(operator: Kubectl, fleet_targets: list[Target], cluster: Any) -> None:
    kubectl = operator
    dbs = fleet_targets[:12]
    for n, db in enumerate(dbs):
        await kubectl.create_secret(f"tenant-{n:02d}", {"url": db.url}, labels=LABEL)
    await kubectl.create_secret("unrelated", {"url": "postgresql://nobody@nowhere/none"})
    await kubectl.apply(tenants(["name"]))
    await wait_for("all 12 ready", lambda: ready(kubectl, 1, "12/12"), timeout=120)
    assert all(db.columns("accounts") == ["id", "email", "name"] for db in dbs)
    status = (kubectl.get("tenants") or {})["status"]
    assert status["targets"] == {
        "total": 12,
        "ready": 12,
        "applying": 0,
        "waitingForApproval": 0,
        "failed": 0,
        "pending": 0,
        "summary": "12/12",
    }
    assert status["targetDetails"] == [] and status["phase"] == "Ready"

    # A change: the canary alone first, then the rest with at most maxParallel (3) at once.
    await kubectl.apply(tenants(["name", "city"]))
    await wait_for("the change on all 12", lambda: ready(kubectl, 2, "12/12"), timeout=120)
    windows = [window(db) for db in dbs]
    assert all(start >= windows[0][1] for start, _ in windows[1:])
    assert peak(windows[1:]) <= 3
    assert {"WaveStarted", "WaveFinished"} <= set(kubectl.reasons("tenants"))

    # tenant-05 gets a rule by hand that refuses the new table: the rollout stops there, naming it; nothing
    # half-applied.
    dbs[5].query(REFUSE_NEW_TABLES)
    await kubectl.apply(tenants(["name", "city"], audit=True))
    await wait_for(
        "TargetsFailed", lambda: kubectl.condition("tenants", "Ready").get("reason") == "TargetsFailed", timeout=120
    )
    ready_msg = kubectl.condition("tenants", "Ready")["message"]
    assert "tenant-05" in ready_msg and kubectl.status_of("tenants", "Stalled") == "False"
    details = {d["name"]: d for d in (kubectl.get("tenants") or {})["status"]["targetDetails"]}
    assert details["tenant-05"]["phase"] == "failed" and '"audit"' in details["tenant-05"]["lastError"]
    assert "audit" not in dbs[5].tables()
    pending = [n for n, d in details.items() if d["phase"] == "pending"]
    assert pending and all("audit" not in dbs[int(n[-2:])].tables() for n in pending)
    assert all(("audit" in db.tables()) == (f"tenant-{i:02d}" not in details) for i, db in enumerate(dbs))
    await wait_for("a TargetFailed event", lambda: "TargetFailed" in kubectl.reasons("tenants"))

    dbs[5].query(LIFT)  # lifted: the operator's retry resumes the rollout
    await wait_for("resumed: all 12 ready", lambda: ready(kubectl, 3, "12/12"), timeout=120)
    assert all("audit" in db.tables() for db in dbs)

    # A Secret added later joins; one removed leaves (its database is left as it is).
    emulator, _server = cluster
    await wait_for("the Secret watch", lambda: emulator.watching(SECRETS), timeout=20)
    late = fleet_targets[12]
    await kubectl.create_secret("tenant-12", {"url": late.url}, labels=LABEL)
    await wait_for("13 ready", lambda: ready(kubectl, 3, "13/13"), timeout=120)
    assert {"accounts", "audit"} <= late.tables()
    await wait_for("TargetsJoined", lambda: "TargetsJoined" in kubectl.reasons("tenants"))
    await kubectl.delete_secret("tenant-11")
    await wait_for("12 ready again", lambda: ready(kubectl, 3, "12/12"), timeout=120)
    await wait_for("TargetsLeft", lambda: "TargetsLeft" in kubectl.reasons("tenants"))

    # A destructive change waits on every target; approving its hash approves it on all of them.
    await kubectl.apply(tenants(["name"], audit=True))
    await wait_for("ApprovalRequired", lambda: kubectl.status_of("tenants", "ApprovalRequired") == "True", timeout=120)
    status = (kubectl.get("tenants") or {})["status"]
    assert status["targets"]["waitingForApproval"] == 12 and len(status["plans"]) == 1
    plan_hash = status["plans"][0]["hash"]
    assert f"schemawright.io/approve={plan_hash}" in kubectl.condition("tenants", "ApprovalRequired")["message"]
    assert "city" in dbs[3].columns("accounts")
    await kubectl.annotate("tenants", "schemawright.io/approve", plan_hash)
    await wait_for("approved on all", lambda: ready(kubectl, 4, "12/12"), timeout=120)
    assert all(db.columns("accounts") == ["id", "email", "name"] for db in [*dbs[:11], late])
    assert "city" in dbs[11].columns("accounts")  # it left the fleet: never changed again

    written = kubectl.everything_written()
    secrets = [
        PASSWORD,
        *(db.url for db in fleet_targets),
        *(base64.b64encode(db.url.encode()).decode() for db in fleet_targets),
    ]
    assert not any(s in written for s in secrets)
    await asyncio.sleep(0)


async def test_tenant_schemas_of_one_database(operator: Kubectl, target: Target) -> None:
    kubectl = operator
    for schema in ("tenant_a", "tenant_b", "tenant_c", "other"):
        target.query(f"CREATE SCHEMA {schema}")
    await kubectl.create_secret("saas-db", {"url": target.url})
    doc = tenants(["name"])
    doc["spec"]["database"] = {
        "connectionSecretRef": {"name": "saas-db"},
        "schemas": ["app"],
        "tenantSchemas": {"pattern": "tenant_*"},
    }
    await kubectl.apply(doc)
    await wait_for("3 tenant schemas ready", lambda: ready(kubectl, 1, "3/3"), timeout=120)
    for schema in ("tenant_a", "tenant_b", "tenant_c"):
        rows = target.query(
            f"SELECT column_name FROM information_schema.columns WHERE table_schema = '{schema}' "
            "AND table_name = 'accounts' ORDER BY ordinal_position"
        )
        assert [r[0] for r in rows] == ["id", "email", "name"]
    assert target.query(
        "SELECT count(*) FROM pg_tables WHERE schemaname IN ('other', 'app', 'public') AND tablename = 'accounts'"
    ) == [(0,)]
