"""Create, edit, destructive edit with approval, delete: what kubectl shows at each step."""

from __future__ import annotations

import pytest
from _cluster import Kubectl, wait_for
from _docs import shop
from _target import Target

pytestmark = pytest.mark.asyncio


def ready(kubectl: Kubectl, generation: int) -> bool:
    obj = kubectl.get("shop") or {}
    status = obj.get("status") or {}
    return bool(
        kubectl.condition("shop", "Ready").get("status") == "True"
        and status.get("observedGeneration") == generation == obj["metadata"]["generation"]
    )


async def test_create_edit_approve_delete(operator: Kubectl, target: Target) -> None:
    kubectl = operator
    await kubectl.create_secret("shop-db", {"url": target.url})
    await kubectl.apply(shop())
    await wait_for("Ready=True for generation 1", lambda: ready(kubectl, 1))
    assert {"users", "orders"} <= target.tables()
    obj = kubectl.get("shop")
    assert obj is not None
    status = obj["status"]
    assert status["phase"] == "Ready"
    assert status["lastAppliedFingerprint"].startswith("cat2:")
    assert status["plan"]["hash"] == obj["metadata"]["annotations"]["schemawright.io/plan-hash"]
    assert "schemawright.io/finalizer" in obj["metadata"]["finalizers"]
    assert {c["type"]: c["status"] for c in status["conditions"]} == {
        "Ready": "True",
        "Reconciling": "False",
        "Stalled": "False",
        "PlanReady": "True",
        "ApprovalRequired": "False",
        "Backfilling": "False",
        "Drifted": "False",
    }
    # kopf posts events from a background queue: they may arrive just after the status patch
    await wait_for(
        "the apply's events",
        lambda: {"PlanComputed", "PhaseStarted", "PhaseFinished", "Applied"} <= set(kubectl.reasons("shop")),
    )

    # edit: a new nullable column and an index → a new plan, applied
    await kubectl.apply(shop([{"name": "name", "type": "text"}]))
    await wait_for("Ready=True for generation 2", lambda: ready(kubectl, 2))
    assert target.columns("users") == ["id", "email", "name"]

    # destructive edit: drop the column → approval required, nothing dropped
    target.query("INSERT INTO users (email, name) VALUES ('a@example.com', 'Ann')")
    await kubectl.apply(shop())
    await wait_for("ApprovalRequired=True", lambda: kubectl.status_of("shop", "ApprovalRequired") == "True")
    obj = kubectl.get("shop")
    assert obj is not None
    plan_hash = obj["status"]["plan"]["hash"]
    assert obj["metadata"]["annotations"]["schemawright.io/plan-hash"] == plan_hash
    assert obj["status"]["phase"] == "WaitingForApproval"
    assert obj["status"]["observedGeneration"] == 3
    assert kubectl.condition("shop", "Ready")["status"] == "False"
    message = kubectl.condition("shop", "ApprovalRequired")["message"]
    assert f"schemawright.io/approve={plan_hash}" in message and "drop column" in message.lower()
    await wait_for("an ApprovalRequired event", lambda: "ApprovalRequired" in kubectl.reasons("shop"))
    assert target.columns("users") == ["id", "email", "name"]

    # approve exactly that plan → the column is dropped
    await kubectl.annotate("shop", "schemawright.io/approve", plan_hash)
    await wait_for("Ready=True after approval", lambda: kubectl.status_of("shop", "Ready") == "True")
    assert target.columns("users") == ["id", "email"]
    assert kubectl.condition("shop", "ApprovalRequired")["status"] == "False"
    assert target.query("SELECT count(*) FROM users") == [(1,)]

    # delete → the resource goes (finalizer released), the database objects stay
    await kubectl.delete("shop")
    await wait_for("the resource is gone", lambda: kubectl.get("shop") is None)
    assert {"users", "orders"} <= target.tables()
    await wait_for("an Orphaned event", lambda: "Orphaned" in kubectl.reasons("shop"))


async def test_switch_waits_for_the_deploy_then_a_reconcile_request(operator: Kubectl, target: Target) -> None:
    kubectl = operator
    await kubectl.create_secret("shop-db", {"url": target.url})
    await kubectl.apply(shop([{"name": "name", "type": "text"}], allowDestructive=True))
    await wait_for("Ready=True", lambda: ready(kubectl, 1))
    target.query("INSERT INTO users (email, name) VALUES ('a@example.com', 'Ann')")

    # name → full_name without a rename hint: expand adds full_name, contract would drop name in the same run
    await kubectl.apply(shop([{"name": "full_name", "type": "text"}], allowDestructive=True))
    await wait_for(
        "WaitingForSwitch", lambda: kubectl.condition("shop", "ApprovalRequired").get("reason") == "WaitingForSwitch"
    )
    assert kubectl.status_of("shop", "ApprovalRequired") == "True"
    assert (kubectl.get("shop") or {})["status"]["phase"] == "WaitingForSwitch"
    assert "schemawright.io/reconcile" in kubectl.condition("shop", "ApprovalRequired")["message"]
    assert target.columns("users") == ["id", "email", "name", "full_name"]

    # the application is deployed; a reconcile request lets the contract phase run
    await kubectl.annotate("shop", "schemawright.io/reconcile", "2026-11-25T12:00:00Z")
    await wait_for("Ready=True after the switch", lambda: kubectl.status_of("shop", "Ready") == "True")
    assert target.columns("users") == ["id", "email", "full_name"]
