"""Fleets: one document rolled out to many databases, canaries first, in parallel, stopping on failures.

:mod:`targets` (who), :mod:`policy` (how), :mod:`rollout` (the runner, generic), :mod:`run` (plan and apply
with the engine, the desired side computed once).
"""

from __future__ import annotations

from schemawright.fleet.policy import RolloutPolicy, from_spec
from schemawright.fleet.rollout import Rollout, RolloutEvent, TargetResult, first_names, roll_out
from schemawright.fleet.run import FleetPlan, PlanGroup, apply_fleet, plan_fleet, retryable
from schemawright.fleet.targets import FleetTarget, from_file, from_urls

__all__ = ["FleetPlan", "FleetTarget", "PlanGroup", "Rollout", "RolloutEvent", "RolloutPolicy", "TargetResult",
           "apply_fleet", "first_names", "from_file", "from_spec", "from_urls", "plan_fleet", "retryable",
           "roll_out"]
