"""Status conditions in the shape kstatus, Flux and Argo CD read, kept as one whole list.

A merge-patch replaces lists, so every status write carries every condition. ``lastTransitionTime``
changes only when a condition's ``status`` changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

READY = "Ready"
RECONCILING = "Reconciling"
STALLED = "Stalled"
PLAN_READY = "PlanReady"
APPROVAL_REQUIRED = "ApprovalRequired"
BACKFILLING = "Backfilling"
DRIFTED = "Drifted"
CACHE_FRESH = "CacheFresh"  # spec.refresh: every materialized view refreshed on schedule

ORDER = (READY, RECONCILING, STALLED, PLAN_READY, APPROVAL_REQUIRED, BACKFILLING, DRIFTED, CACHE_FRESH)
MAX_MESSAGE = 4000


@dataclass(frozen=True)
class Condition:
    """One condition as the operator means it (times are filled in by :func:`merge`)."""

    type: str
    status: bool | None  # None = Unknown
    reason: str
    message: str = ""

    @property
    def status_text(self) -> str:
        """``True``, ``False`` or ``Unknown``."""
        return "Unknown" if self.status is None else str(self.status)


def now() -> str:
    """The current time as Kubernetes writes it (RFC 3339, seconds, UTC)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def merge(
    previous: Iterable[Mapping[str, Any]] | None,
    updates: Iterable[Condition],
    *,
    generation: int | None,
    at: str | None = None,
) -> list[dict[str, Any]]:
    """The whole condition list after ``updates``: known types in a fixed order, unknown ones kept."""
    at = at or now()
    current = {str(c.get("type")): dict(c) for c in previous or [] if c.get("type")}
    for update in updates:
        old = current.get(update.type)
        changed = old is None or old.get("status") != update.status_text
        entry: dict[str, Any] = {
            "type": update.type,
            "status": update.status_text,
            "reason": update.reason,
            "message": clipped(update.message, MAX_MESSAGE),
            "lastTransitionTime": at
            if old is None or changed or not old.get("lastTransitionTime")
            else old["lastTransitionTime"],
        }
        if generation is not None:
            entry["observedGeneration"] = generation
        current[update.type] = entry
    ordered = [current.pop(t) for t in ORDER if t in current]
    return ordered + [current[t] for t in sorted(current)]


def settled(previous: Iterable[Mapping[str, Any]] | None, final: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``final`` with every condition whose status ended where ``previous`` had it keeping its
    ``lastTransitionTime``: for a run none of whose intermediate states was written (a no-op reconcile turns
    Reconciling True and back to False), nobody saw a transition."""
    before = {str(c.get("type")): c for c in previous or []}
    kept = []
    for condition in final:
        old = before.get(str(condition.get("type")))
        if old is not None and old.get("status") == condition.get("status") and old.get("lastTransitionTime"):
            condition = {**condition, "lastTransitionTime": old["lastTransitionTime"]}
        kept.append(dict(condition))
    return kept


def get(conditions: Iterable[Mapping[str, Any]] | None, type_: str) -> dict[str, Any] | None:
    """The condition of ``type_`` from a status list, or None."""
    return next((dict(c) for c in conditions or [] if c.get("type") == type_), None)


def is_true(conditions: Iterable[Mapping[str, Any]] | None, type_: str) -> bool:
    """Whether the condition of ``type_`` has status ``True``."""
    found = get(conditions, type_)
    return bool(found and found.get("status") == "True")


def phase(conditions: Iterable[Mapping[str, Any]]) -> str:
    """One word for ``kubectl get``'s Phase column, derived from the conditions."""
    listed = list(conditions)
    if is_true(listed, STALLED):
        return "Stalled"
    if is_true(listed, BACKFILLING):
        return "Backfilling"
    if is_true(listed, RECONCILING):
        reconciling = get(listed, RECONCILING) or {}
        return "Retrying" if reconciling.get("reason") not in {"Progressing", "Planning", "Applying"} else "Reconciling"
    if is_true(listed, APPROVAL_REQUIRED):
        approval = get(listed, APPROVAL_REQUIRED) or {}
        return "WaitingForSwitch" if approval.get("reason") == "WaitingForSwitch" else "WaitingForApproval"
    if is_true(listed, READY):
        return "Drifted" if is_true(listed, DRIFTED) else "Ready"
    ready = get(listed, READY) or {}
    return "PlanOnly" if ready.get("reason") == "PlanOnly" else "Pending"


def clipped(message: str, limit: int) -> str:
    """``message`` cut to at most ``limit`` characters, the cut marked with "…" (conditions, events)."""
    return message if len(message) <= limit else message[: limit - 1] + "…"
