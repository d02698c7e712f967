"""Typed operations: what each plan step is for (:class:`Operation`, named in the plan JSON) and the typed
statements (:class:`Action`) steps are made of, each knowing its lock, hazards and whether it is done."""

from schemawright.plan.operations.base import Action, audit_against_classifier, compose, effects
from schemawright.plan.operations.kinds import Operation

__all__ = ["Action", "Operation", "audit_against_classifier", "compose", "effects"]
