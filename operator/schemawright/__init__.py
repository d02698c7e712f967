"""schemawright: a declarative schema reconciler for PostgreSQL.

The public API, what the CLI and the Kubernetes operator call::

    desired = schemawright.load("schema.yaml")                     # SpecError (exit 2) if invalid
    result = schemawright.make_plan(desired, live_url, shadow_url)  # a safe, phased Plan
    outcome = schemawright.apply(desired, live_url, shadow_url, approve=result.plan.hash)
    report = schemawright.refresh(desired, live_url, if_due=True)   # spec.refresh: due materialized views
    text = schemawright.init_document(live_url)                     # adopt a database: its document (YAML)
    rollout = schemawright.apply_fleet(desired, targets, shadow_url, policy)   # many databases (docs/fleets.md)

Everything else is internal and may change between releases.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from schemawright.adopt import document as init_document
    from schemawright.engine import ApplyOutcome, PlanResult, apply, make_plan, raw_diff, status
    from schemawright.errors import (
        ApprovalRequired,
        DatabaseError,
        ExitCode,
        GuardError,
        PlanError,
        SchemawrightError,
        SpecError,
        StalePlanError,
    )
    from schemawright.execute.refresh import RefreshReport, RefreshResult, ViewState, refresh, view_states
    from schemawright.fleet import FleetTarget, RolloutPolicy, apply_fleet, apply_tenants, plan_fleet
    from schemawright.plan import Phase, PhaseName, Plan, Step
    from schemawright.spec import DesiredSchema, from_document
    from schemawright.spec.load import load

# Imported on first use, so `schemawright --help`, `validate` and any `import schemawright.x` stay quick
# (the engine pulls in the database driver and the differ).
_LAZY = {
    **dict.fromkeys(("ApplyOutcome", "PlanResult", "apply", "make_plan", "raw_diff", "status"), "engine"),
    **dict.fromkeys(("ApprovalRequired", "DatabaseError", "ExitCode", "GuardError", "PlanError",
                     "SchemawrightError", "SpecError", "StalePlanError"), "errors"),
    **dict.fromkeys(("Phase", "PhaseName", "Plan", "Step"), "plan"),
    **dict.fromkeys(("DesiredSchema", "from_document", "load"), "spec"),
    **dict.fromkeys(("RefreshReport", "RefreshResult", "ViewState", "refresh", "view_states"), "execute.refresh"),
    "init_document": "adopt",
    **dict.fromkeys(("FleetTarget", "RolloutPolicy", "apply_fleet", "apply_tenants", "plan_fleet"), "fleet"),
}
_RENAMED = {"init_document": "document"}  # the public name differs from the module's


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'schemawright' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"schemawright.{module}"), _RENAMED.get(name, name))
    globals()[name] = value
    return value


__version__ = "0.1.0"

__all__ = [
    "ApplyOutcome",
    "ApprovalRequired",
    "DatabaseError",
    "DesiredSchema",
    "ExitCode",
    "FleetTarget",
    "GuardError",
    "Phase",
    "PhaseName",
    "Plan",
    "PlanError",
    "PlanResult",
    "RefreshReport",
    "RefreshResult",
    "RolloutPolicy",
    "SchemawrightError",
    "SpecError",
    "StalePlanError",
    "Step",
    "ViewState",
    "apply",
    "apply_fleet",
    "apply_tenants",
    "from_document",
    "init_document",
    "load",
    "make_plan",
    "plan_fleet",
    "raw_diff",
    "refresh",
    "status",
    "view_states",
]
