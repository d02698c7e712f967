"""What the operator says about a plan: the status summary, one-line summaries, the approval and switch messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import schemawright
from schemawright import PHASE_ORDER, Plan, Step
from schemawright.operator import annotations as notes
from schemawright.operator import conditions as cond
from schemawright.operator.model import Resource


def plan_summary(plan: Plan, previous: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``status.plan``: the hash, steps per phase, hazards, and whether contract steps need approval.

    ``computedAt`` is when this plan was first reported: the same plan found again (``previous``, a no-op
    resync) keeps its time, so a reconcile that changes nothing writes nothing."""
    summary: dict[str, Any] = {
        "hash": plan.hash,
        "fromFingerprint": plan.fingerprint,
        "toFingerprint": plan.desired_fingerprint,
        "steps": {str(p): len(plan.phase(p).steps) for p in PHASE_ORDER},
        "total": len(plan.steps),
        "hazards": [str(h) for h in plan.hazards],
        "approvalRequired": bool(plan.approval_steps),
    }
    earlier = dict(previous or {})
    computed_at = earlier.pop("computedAt", None)
    summary["computedAt"] = computed_at if computed_at and earlier == summary else cond.now()
    return summary


def summary_line(plan: Plan) -> str:
    """One line: ``plan <hash>: expand 2, backfill 1 …; hazards …``."""
    if plan.is_empty:
        return f"plan {plan.hash}: nothing to do"
    counts = ", ".join(f"{p} {len(plan.phase(p).steps)}" for p in PHASE_ORDER if plan.phase(p).steps)
    hazards = f"; hazards: {', '.join(str(h) for h in plan.hazards)}" if plan.hazards else ""
    return f"plan {plan.hash}: {counts}{hazards}"


def approval_message(plan: Plan, waiting: list[Step], resource: Resource) -> str:
    """What waits for approval, rename hints, and the exact ``kubectl annotate`` that approves it."""
    command = notes.annotate_command(resource.name, resource.namespace, notes.APPROVE, plan.hash)
    return schemawright.approval_message(plan, waiting, approve_with=f"Approve with: {command}", shown=10)


def switch_message(plan: Plan, resource: Resource) -> str:
    """Why contract waits for the application's deploy (the switch rule) and how to continue."""
    command = notes.annotate_command(resource.name, resource.namespace, notes.RECONCILE, '"$(date +%s)"')
    return (
        f"switch: plan {plan.hash} changed the schema in this reconcile; its contract steps remove what the "
        "running application may still use, so they wait. Deploy the application that uses the new shape, then: "
        f"{command}"
    )


def column_of(step: Step) -> str:
    """The column a backfill step fills (``schema.table.column``), else the step's table or kind."""
    b = step.backfill
    return f"{b.schema}.{b.table}.{b.column}" if b else (step.table or step.kind)
