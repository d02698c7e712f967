"""The Argo CD health check (charts/schemawright/docs/argocd/health.lua), run in Lua against status fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lupa import LuaRuntime

ROOT = Path(__file__).resolve().parents[2]
HEALTH_LUA = ROOT / "charts" / "schemawright" / "docs" / "argocd" / "health.lua"


def health(resource: dict[str, Any]) -> tuple[str, str]:
    """What Argo CD shows for ``resource``: (status, message)."""
    lua = LuaRuntime(unpack_returned_tuples=True)
    lua.globals().obj = lua.table_from(resource, recursive=True)
    result = lua.execute(HEALTH_LUA.read_text())
    return str(result["status"]), str(result["message"])


def resource(generation: int = 3, observed: int | None = 3, **conditions: tuple[str, str, str]) -> dict[str, Any]:
    status: dict[str, Any] = {
        "conditions": [
            {"type": kind, "status": s, "reason": reason, "message": message}
            for kind, (s, reason, message) in conditions.items()
        ]
    }
    if observed is not None:
        status["observedGeneration"] = observed
    return {
        "apiVersion": "schemawright.io/v1alpha1",
        "kind": "DatabaseSchema",
        "metadata": {"name": "shop", "namespace": "shop", "generation": generation},
        "status": status,
    }


CASES = [
    (
        "new, no status yet",
        {
            "apiVersion": "schemawright.io/v1alpha1",
            "kind": "DatabaseSchema",
            "metadata": {"name": "shop", "generation": 1},
        },
        "Progressing",
        "waiting for the",
    ),
    (
        "a new generation not yet seen",
        resource(generation=4, observed=3, Ready=("True", "Reconciled", "in sync")),
        "Progressing",
        "generation 4",
    ),
    (
        "reconciling",
        resource(Ready=("False", "Progressing", ""), Reconciling=("True", "Applying", "applying step 3 of 9")),
        "Progressing",
        "applying step 3 of 9",
    ),
    (
        "backfilling",
        resource(
            Ready=("False", "Progressing", ""),
            Reconciling=("True", "Applying", "applying"),
            Backfilling=("True", "Backfilling", "orders.placed_at 40%"),
        ),
        "Progressing",
        "40%",
    ),
    (
        "waiting for approval",
        resource(
            Ready=("False", "WaitingForApproval", ""),
            ApprovalRequired=("True", "WaitingForApproval", "approve plan abc"),
        ),
        "Suspended",
        "approve plan abc",
    ),
    (
        "waiting for the switch",
        resource(
            Ready=("False", "WaitingForSwitch", ""),
            ApprovalRequired=("True", "WaitingForSwitch", "deploy the application"),
        ),
        "Suspended",
        "deploy the application",
    ),
    (
        "stalled",
        resource(Ready=("False", "Stalled", ""), Stalled=("True", "InvalidSpec", "spec.tables[0]: bad type")),
        "Degraded",
        "spec.tables[0]: bad type",
    ),
    (
        "stalled wins over a stale reconciling flag",
        resource(Reconciling=("True", "Applying", ""), Stalled=("True", "StepFailed", "step 4 failed")),
        "Degraded",
        "step 4 failed",
    ),
    (
        "ready",
        resource(Ready=("True", "Reconciled", "plan 1234 applied"), Reconciling=("False", "Done", "")),
        "Healthy",
        "plan 1234 applied",
    ),
    (
        "ready with drift",
        resource(Ready=("True", "Reconciled", "in sync"), Drifted=("True", "Drifted", "index gone")),
        "Healthy",
        "index gone",
    ),
    (
        "plan only",
        resource(Ready=("False", "PlanOnly", "mode PlanOnly: plan abc has 3 step(s)")),
        "Suspended",
        "mode PlanOnly",
    ),
]


@pytest.mark.parametrize(("name", "obj", "status", "message"), CASES, ids=[c[0] for c in CASES])
def test_health_follows_the_conditions(name: str, obj: dict[str, Any], status: str, message: str) -> None:
    got_status, got_message = health(obj)
    assert got_status == status, name
    assert message in got_message, name


def test_the_gitops_guide_shows_the_shipped_script() -> None:
    guide = (ROOT / "docs" / "gitops.md").read_text()
    assert HEALTH_LUA.read_text().strip() in guide
