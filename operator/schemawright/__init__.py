"""schemawright: a declarative schema reconciler for PostgreSQL.

The public API, what the CLI and the Kubernetes operator call::

    desired = schemawright.load("schema.yaml")                     # SpecError (exit 2) if invalid
    result = schemawright.make_plan(desired, live_url, shadow_url)  # a safe, phased Plan
    outcome = schemawright.apply(desired, live_url, shadow_url, approve=result.plan.hash)
    known = schemawright.up_to_date(desired, live_url)  # the no-op answer without a shadow (None: plan it)
    outcome = schemawright.apply_saved(plan, live_url)               # a plan saved by `plan --out`; StalePlanError
    report = schemawright.refresh(desired, live_url, if_due=True)   # spec.refresh: due materialized views
    text = schemawright.init_document(live_url)                     # adopt a database: its document (YAML)
    rollout = schemawright.apply_fleet(desired, targets, shadow_url, policy)   # many databases (docs/fleets.md)

The shells (CLI, operator, demo) import only this root, ``errors``, ``spec``, ``fleet``, ``lint``, ``adopt``,
the reporting modules and the connection modules. Everything else is internal and may change between releases.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from schemawright.adopt import document as init_document
    from schemawright.engine import (
        ApplyOutcome,
        PlanResult,
        apply,
        apply_saved,
        live_fingerprint,
        make_plan,
        raw_diff,
        renamed_tables,
        status,
        up_to_date,
    )
    from schemawright.errors import (
        AnotherApplyRunning,
        ApprovalMismatch,
        ApprovalRequired,
        DatabaseError,
        DatabaseUnreachable,
        ExitCode,
        GuardError,
        LockTimeoutExhausted,
        PlanError,
        SchemawrightError,
        ShadowBuildError,
        ShadowUnavailable,
        SpecError,
        StalePlanError,
    )
    from schemawright.execute.events import Event
    from schemawright.execute.gate import approval_message
    from schemawright.execute.refresh import (
        RefreshReport,
        RefreshResult,
        ViewState,
        recorded_states,
        refresh,
        view_states,
    )
    from schemawright.fleet import FleetTarget, RolloutPolicy, apply_fleet, apply_tenants, plan_fleet
    from schemawright.guard import Overrides as GuardOverrides
    from schemawright.guard import overrides as guard_overrides
    from schemawright.livestate.quick import answer as quick_answer
    from schemawright.livestate.quick import source_key
    from schemawright.plan import Phase, PhaseName, Plan, Step
    from schemawright.plan.model import PHASE_ORDER
    from schemawright.shadow.desired import desired_script
    from schemawright.spec import DesiredSchema, from_document
    from schemawright.spec.load import load

# Imported on first use, so `schemawright --help`, `validate` and any `import schemawright.x` stay quick
# (the engine pulls in the database driver and the differ).
_LAZY = {
    **dict.fromkeys(
        (
            "ApplyOutcome",
            "PlanResult",
            "apply",
            "apply_saved",
            "live_fingerprint",
            "make_plan",
            "raw_diff",
            "renamed_tables",
            "status",
            "up_to_date",
        ),
        "engine",
    ),
    **dict.fromkeys(
        (
            "AnotherApplyRunning",
            "ApprovalMismatch",
            "ApprovalRequired",
            "DatabaseError",
            "DatabaseUnreachable",
            "ExitCode",
            "GuardError",
            "LockTimeoutExhausted",
            "PlanError",
            "SchemawrightError",
            "ShadowBuildError",
            "ShadowUnavailable",
            "SpecError",
            "StalePlanError",
        ),
        "errors",
    ),
    **dict.fromkeys(("Phase", "PhaseName", "Plan", "Step"), "plan"),
    "PHASE_ORDER": "plan.model",
    **dict.fromkeys(("DesiredSchema", "from_document", "load"), "spec"),
    **dict.fromkeys(
        ("RefreshReport", "RefreshResult", "ViewState", "recorded_states", "refresh", "view_states"), "execute.refresh"
    ),
    "Event": "execute.events",
    "approval_message": "execute.gate",
    "desired_script": "shadow.desired",
    **dict.fromkeys(("GuardOverrides", "guard_overrides"), "guard"),
    **dict.fromkeys(("quick_answer", "source_key"), "livestate.quick"),
    "init_document": "adopt",
    **dict.fromkeys(("FleetTarget", "RolloutPolicy", "apply_fleet", "apply_tenants", "plan_fleet"), "fleet"),
}
# the public name differs from the module's
_RENAMED = {
    "init_document": "document",
    "GuardOverrides": "Overrides",
    "guard_overrides": "overrides",
    "quick_answer": "answer",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'schemawright' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"schemawright.{module}"), _RENAMED.get(name, name))
    globals()[name] = value
    return value


__version__ = "0.1.0"

__all__ = [
    "PHASE_ORDER",
    "AnotherApplyRunning",
    "ApplyOutcome",
    "ApprovalMismatch",
    "ApprovalRequired",
    "DatabaseError",
    "DatabaseUnreachable",
    "DesiredSchema",
    "Event",
    "ExitCode",
    "FleetTarget",
    "GuardError",
    "GuardOverrides",
    "LockTimeoutExhausted",
    "Phase",
    "PhaseName",
    "Plan",
    "PlanError",
    "PlanResult",
    "RefreshReport",
    "RefreshResult",
    "RolloutPolicy",
    "SchemawrightError",
    "ShadowBuildError",
    "ShadowUnavailable",
    "SpecError",
    "StalePlanError",
    "Step",
    "ViewState",
    "apply",
    "apply_fleet",
    "apply_saved",
    "apply_tenants",
    "approval_message",
    "desired_script",
    "from_document",
    "guard_overrides",
    "init_document",
    "live_fingerprint",
    "load",
    "make_plan",
    "plan_fleet",
    "quick_answer",
    "raw_diff",
    "recorded_states",
    "refresh",
    "renamed_tables",
    "source_key",
    "status",
    "up_to_date",
    "view_states",
]
