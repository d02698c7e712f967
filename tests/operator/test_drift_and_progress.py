"""Drift (changed behind the operator's back), PlanOnly, and live progress of a backfill."""

from __future__ import annotations

import pytest
from _cluster import Kubectl, wait_for
from _docs import shop
from _target import Target

pytestmark = pytest.mark.asyncio

EMAIL_INDEX = [{"name": "users_email_idx", "columns": [{"name": "email"}]}]


async def test_drift_is_found_and_put_back(operator: Kubectl, target: Target) -> None:
    kubectl = operator
    await kubectl.create_secret("shop-db", {"url": target.url})
    await kubectl.apply(shop(indexes=EMAIL_INDEX, driftCheckInterval="1s"))
    await wait_for("Ready=True", lambda: kubectl.status_of("shop", "Ready") == "True")

    # an index dropped by hand: found within the interval, reported, and built again (mode Apply)
    target.query("DROP INDEX users_email_idx")
    await wait_for("Drifted=True (seen by a watcher)", lambda: kubectl.was_true("shop", "Drifted"), timeout=10)
    await wait_for("DriftCorrected", lambda: kubectl.condition("shop", "Drifted").get("reason") == "DriftCorrected")
    assert kubectl.status_of("shop", "Drifted") == "False"
    assert kubectl.status_of("shop", "Ready") == "True"
    assert target.query("SELECT 1 FROM pg_indexes WHERE indexname = 'users_email_idx'") == [(1,)]
    drift = [e for e in kubectl.events("shop") if e["reason"] == "DriftDetected"]
    assert drift and drift[0]["type"] == "Warning" and "changed outside schemawright" in drift[0]["message"]
    assert (kubectl.get("shop") or {})["status"]["drift"]["liveFingerprint"].startswith("cat2:")

    # a column added by hand: putting it back would drop it, so it waits for approval and Drifted stays True
    target.query("ALTER TABLE users ADD COLUMN extra text")
    await wait_for(
        "Drifted=True and ApprovalRequired=True",
        lambda: (
            kubectl.status_of("shop", "Drifted") == "True" and kubectl.status_of("shop", "ApprovalRequired") == "True"
        ),
        timeout=10,
    )
    assert kubectl.condition("shop", "Drifted")["reason"] == "DriftDetected"
    assert "extra" in target.columns("users")
    assert (kubectl.get("shop") or {})["status"]["phase"] == "WaitingForApproval"

    # removed by hand again: in sync, nothing to approve
    target.query("ALTER TABLE users DROP COLUMN extra")
    await wait_for(
        "Drifted=False and Ready=True",
        lambda: kubectl.status_of("shop", "Drifted") == "False" and kubectl.status_of("shop", "Ready") == "True",
        timeout=10,
    )
    assert kubectl.status_of("shop", "ApprovalRequired") == "False"


async def test_plan_only_reports_and_changes_nothing(operator: Kubectl, target: Target) -> None:
    kubectl = operator
    await kubectl.create_secret("shop-db", {"url": target.url})
    await kubectl.apply(shop(mode="PlanOnly"))
    await wait_for("Ready=False (PlanOnly)", lambda: kubectl.condition("shop", "Ready").get("reason") == "PlanOnly")
    obj = kubectl.get("shop") or {}
    assert obj["status"]["phase"] == "PlanOnly"
    assert kubectl.status_of("shop", "PlanReady") == "True"
    assert kubectl.status_of("shop", "Reconciling") == "False"
    assert obj["status"]["plan"]["steps"]["expand"] > 0
    assert obj["metadata"]["annotations"]["schemawright.io/plan-hash"] == obj["status"]["plan"]["hash"]
    assert obj["metadata"]["annotations"]["schemawright.io/adr"]
    assert target.tables() == set()

    await kubectl.apply(shop(mode="Apply"))
    await wait_for("Ready=True in mode Apply", lambda: kubectl.status_of("shop", "Ready") == "True")
    assert {"users", "orders"} <= target.tables()


async def test_backfill_progress_is_visible_while_it_runs(operator: Kubectl, target: Target) -> None:
    kubectl = operator
    await kubectl.create_secret("shop-db", {"url": target.url})
    await kubectl.apply(shop())
    await wait_for("Ready=True", lambda: kubectl.status_of("shop", "Ready") == "True")
    target.query("INSERT INTO users (email) SELECT 'u' || g || '@example.com' FROM generate_series(1, 3000) g")
    target.query("ANALYZE users")
    handle = [{"name": "handle", "type": "text", "nullable": False, "backfill": "lower(email)"}]
    await kubectl.apply(shop(handle, backfillBatchSize=300, backfillPause="40ms"))
    await wait_for(
        "Ready=True after the backfill",
        lambda: (
            kubectl.status_of("shop", "Ready") == "True"
            and (kubectl.get("shop") or {})["status"]["observedGeneration"] == 2
        ),
        timeout=60,
    )
    assert target.query("SELECT count(*) FROM users WHERE handle IS NULL") == [(0,)]

    seen = [v["status"] for v in kubectl.history("shop") if (v.get("status") or {}).get("backfill")]
    progress = [s["backfill"] for s in seen]
    assert any(0 < p["done"] < p["total"] for p in progress), progress
    assert progress[-1]["column"] == "public.users.handle" and progress[-1]["done"] == 3000
    assert kubectl.was_true("shop", "Backfilling")
    assert kubectl.status_of("shop", "Backfilling") == "False"
    phases = [e["message"] for e in kubectl.events("shop") if e["reason"] == "PhaseStarted"]
    assert any("backfill" in m for m in phases) and any("constrain" in m for m in phases)
    applying = [
        c
        for v in kubectl.history("shop")
        for c in (v.get("status") or {}).get("conditions") or []
        if c["type"] == "Reconciling" and c["reason"] == "Applying"
    ]
    assert applying, "Reconciling=True (Applying) was never visible during the apply"


async def test_drift_noticed_by_a_reconcile_is_reported_too(operator: Kubectl, target: Target) -> None:
    kubectl = operator
    await kubectl.create_secret("shop-db", {"url": target.url})
    await kubectl.apply(shop())  # the drift timer is off: only reconciles can notice
    await wait_for("Ready=True", lambda: kubectl.status_of("shop", "Ready") == "True")

    # a column added by hand, then a new generation: the reconcile it triggers notices the live schema moved
    target.query("ALTER TABLE users ADD COLUMN extra text")
    await kubectl.apply(shop(indexes=EMAIL_INDEX))
    await wait_for(
        "Drifted=True and ApprovalRequired=True",
        lambda: (
            kubectl.status_of("shop", "Drifted") == "True" and kubectl.status_of("shop", "ApprovalRequired") == "True"
        ),
        timeout=15,
    )
    drifted = kubectl.condition("shop", "Drifted")
    assert drifted["reason"] == "DriftDetected" and "changed outside schemawright" in drifted["message"]
    assert any(e["reason"] == "DriftDetected" for e in kubectl.events("shop"))
    assert target.query("SELECT 1 FROM pg_indexes WHERE indexname = 'users_email_idx'") == [(1,)]
