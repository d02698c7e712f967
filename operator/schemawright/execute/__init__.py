"""Running plans against a live database."""

from schemawright.execute.runner import ApplyReport, Options, StepResult, apply_plan

__all__ = ["ApplyReport", "Options", "StepResult", "apply_plan"]
