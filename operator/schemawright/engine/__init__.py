"""The engine: what the public API (and through it the CLI and the operator) calls. Load → guard → shadow →
inspect → diff → plan (:mod:`.planning`); lock → journal → resume → gate → run (:mod:`.applying`)."""

from schemawright.engine.applying import ApplyOutcome, apply, apply_saved, options_for, options_from, status
from schemawright.engine.planning import (
    DesiredSide,
    PlanResult,
    applying_role_note,
    desired_side,
    execution_of,
    hints_for,
    inspect_desired,
    inspect_url,
    live_fingerprint,
    make_plan,
    plan_against,
    raw_diff,
    renamed_tables,
    up_to_date,
)
from schemawright.shadow.desired import desired_script, desired_statements

__all__ = [
    "ApplyOutcome",
    "DesiredSide",
    "PlanResult",
    "apply",
    "apply_saved",
    "applying_role_note",
    "desired_script",
    "desired_side",
    "desired_statements",
    "execution_of",
    "hints_for",
    "inspect_desired",
    "inspect_url",
    "live_fingerprint",
    "make_plan",
    "options_for",
    "options_from",
    "plan_against",
    "raw_diff",
    "renamed_tables",
    "status",
    "up_to_date",
]
