"""The ``schemawright.io/*`` annotations: what the operator writes (plan hash, compact ADR) and what a
person writes (approval, a reconcile request)."""

from __future__ import annotations

from collections.abc import Mapping

from schemawright import Plan
from schemawright.report import adr
from schemawright.spec import DesiredSchema

PREFIX = "schemawright.io"
PLAN_HASH = f"{PREFIX}/plan-hash"
ADR = f"{PREFIX}/adr"
APPROVE = f"{PREFIX}/approve"
RECONCILE = f"{PREFIX}/reconcile"  # any new value asks for a reconcile (e.g. after deploying for the switch)
WRITTEN = (PLAN_HASH, ADR)  # written by the operator: never a reason to reconcile
MAX_ADR_BYTES = adr.COMPACT_LIMIT  # annotations share 256 KiB per object; one plan's ADR stays small


def approval(annotations: Mapping[str, str] | None) -> str | None:
    """The plan hash a person approved with ``kubectl annotate … schemawright.io/approve=<hash>``."""
    value = (annotations or {}).get(APPROVE, "").strip()
    return value or None


def triggers(annotations: Mapping[str, str] | None) -> tuple[str | None, str | None]:
    """The annotations whose change asks for a reconcile: approval and reconcile request."""
    given = annotations or {}
    return given.get(APPROVE), given.get(RECONCILE)


def annotate_command(name: str, namespace: str, key: str, value: str) -> str:
    """The ``kubectl annotate`` a person runs to set ``key`` on ``databaseschema/name`` (approve, reconcile)."""
    return f"kubectl annotate databaseschema/{name} -n {namespace} --overwrite {key}={value}"


def plan_annotations(plan: Plan, desired: DesiredSchema) -> dict[str, str]:
    """The annotations describing ``plan``: its hash and the compact ADR (size-bounded)."""
    return {PLAN_HASH: plan.hash, ADR: adr_text(plan, desired)}


def adr_text(plan: Plan, desired: DesiredSchema) -> str:
    """The compact ADR of ``plan`` (:func:`schemawright.report.adr.compact`), within the annotation's size bound."""
    return adr.compact(plan, desired=desired, limit=MAX_ADR_BYTES)
