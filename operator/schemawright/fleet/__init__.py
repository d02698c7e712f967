"""Fleets: one document rolled out to many databases, canaries first, in parallel, stopping on failures.

:mod:`targets` (who), :mod:`policy` (how), :mod:`rollout` (the runner, generic), :mod:`run` (plan and apply
with the engine, the desired side computed once), :mod:`tenants` (a schema per tenant in one database),
:mod:`drift` (each target's live fingerprint against where schemawright left it).
"""

from __future__ import annotations

from schemawright.fleet.drift import FleetDrift, Moved, check_targets
from schemawright.fleet.policy import RolloutPolicy, from_spec
from schemawright.fleet.rollout import Rollout, RolloutEvent, TargetResult, first_names, roll_out
from schemawright.fleet.run import FleetPlan, PlanGroup, apply_fleet, plan_changes, plan_fleet, retryable
from schemawright.fleet.targets import FleetTarget, from_file, from_urls
from schemawright.fleet.tenants import apply_tenants, matching_schemas, plan_tenants, retarget

__all__ = [
    "FleetDrift",
    "FleetPlan",
    "FleetTarget",
    "Moved",
    "PlanGroup",
    "Rollout",
    "RolloutEvent",
    "RolloutPolicy",
    "TargetResult",
    "apply_fleet",
    "apply_tenants",
    "check_targets",
    "first_names",
    "from_file",
    "from_spec",
    "from_urls",
    "matching_schemas",
    "plan_changes",
    "plan_fleet",
    "plan_tenants",
    "retarget",
    "retryable",
    "roll_out",
]
