"""The planner (pure): differ statements + catalogs + hints → a phased, safe ``Plan``."""

from schemawright.plan.hints import Hints
from schemawright.plan.model import Backfill, Phase, PhaseName, Plan, Step
from schemawright.plan.planner import build_plan
from schemawright.plan.renames import reverse_statements

__all__ = ["Backfill", "Hints", "Phase", "PhaseName", "Plan", "Step", "build_plan", "reverse_statements"]
