"""The refresh timer's work for one resource (no kopf): run the due refreshes of ``spec.refresh`` through the
public API (the same function as ``schemawright refresh --if-due``), then report ``status.refresh[]``, the
``CacheFresh`` condition, Warning events for failed refreshes, and the refresh metrics."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import schemawright
from schemawright import RefreshReport, ViewState
from schemawright.operator import conditions as cond
from schemawright.operator import metrics, sqlfrom
from schemawright.operator.conditions import Condition
from schemawright.operator.kube import Kube, redact
from schemawright.operator.model import Resource, Result, Settings, Sink, StatusBook
from schemawright.operator.reconcile import database_url, load_desired


def _stamp(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _entry(state: ViewState) -> dict[str, Any]:
    return {
        "view": state.view,
        "lastRefreshed": _stamp(state.last_refreshed),
        "durationSeconds": None if state.duration_s is None else round(state.duration_s, 3),
        "rows": state.rows,
        "nextAt": _stamp(state.next_at),
        "lastError": state.last_error,
    }


def cache_condition(states: list[ViewState], now: datetime) -> Condition:
    """``CacheFresh``: False naming the views whose last refresh failed or that are more than one interval
    overdue; True otherwise."""
    stale = [s for s in states if s.overdue(now)]
    if not stale:
        return Condition(
            cond.CACHE_FRESH, True, "Refreshed", f"{len(states)} materialized view(s) refreshed on schedule"
        )
    failed = [s.view for s in stale if s.last_error]
    overdue = [s.view for s in stale if not s.last_error]
    parts = ([f"last refresh failed: {', '.join(failed)}"] if failed else []) + (
        [f"overdue by more than one interval: {', '.join(overdue)}"] if overdue else []
    )
    return Condition(cond.CACHE_FRESH, False, "RefreshFailed" if failed else "RefreshOverdue", "; ".join(parts))


def _observe(resource: Resource, report: RefreshReport, states: list[ViewState], now: datetime) -> None:
    for result in report.results:
        if result.status == "refreshed":
            metrics.REFRESH_DURATION.labels(resource.namespace, resource.name, result.view).observe(result.duration_s)
    for state in states:
        if state.last_refreshed is not None:
            metrics.REFRESH_AGE.labels(resource.namespace, resource.name, state.view).set(
                (now - state.last_refreshed).total_seconds()
            )


def refresh_due(resource: Resource, *, sink: Sink, kube: Kube, settings: Settings) -> Result | None:
    """Refresh the resource's due materialized views; the status to write, or None when there is nothing to do
    (no schedule, mode PlanOnly, or the schema was never applied)."""
    spec = resource.document.get("spec") or {}
    plan_only = (spec.get("policy") or {}).get("mode") == "PlanOnly"  # PlanOnly: the operator writes nothing
    if not spec.get("refresh") or plan_only or not resource.status.get("lastAppliedFingerprint"):
        return None
    url: str | None = None
    book = StatusBook(resource.status, resource.generation)
    try:
        desired = load_desired(resource, settings.overrides)
        refs = sqlfrom.references(resource.document)
        if refs:
            desired = sqlfrom.with_sql_from(desired, sqlfrom.read(resource.namespace, refs, kube)[0])
        url = database_url(resource, desired, kube)
        report = schemawright.refresh(desired, url, if_due=True)
        now = datetime.now(UTC)
        states = schemawright.view_states(desired, url, now=now)
    except Exception as exc:  # the reconciles report a bad document or an unreachable database; next tick retries
        message = redact(str(exc), url)
        book.set(Condition(cond.CACHE_FRESH, None, "RefreshNotRun", message))
        return Result(book.snapshot())
    for failed in report.failed:
        sink.event("Warning", "RefreshFailed", redact(failed.error, url))
    _observe(resource, report, states, now)
    book.fields["refresh"] = [_entry(s) for s in states]
    book.set(cache_condition(states, now))
    snapshot = book.snapshot()
    for entry in snapshot["refresh"]:
        if entry["lastError"]:
            entry["lastError"] = redact(entry["lastError"], url)
    return Result(snapshot)
