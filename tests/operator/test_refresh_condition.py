"""CacheFresh: which views a user is told are stale (no cluster needed: the condition is computed from the
refresh record)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from schemawright.execute.refresh import ViewState
from schemawright.operator.refresh import cache_condition

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def state(view: str, *, due_in: timedelta, error: str | None = None) -> ViewState:
    return ViewState(
        view=view,
        every_ms=60_000,
        last_refreshed=NOW - timedelta(minutes=1),
        duration_s=0.5,
        rows=10,
        next_at=NOW + due_in,
        last_error=error,
    )


def test_views_refreshed_on_schedule_are_fresh() -> None:
    found = cache_condition(
        [state("public.a", due_in=timedelta(seconds=30)), state("public.b", due_in=timedelta(seconds=-50))], NOW
    )  # late, but within one interval
    assert (found.status, found.reason) == (True, "Refreshed")


def test_a_view_overdue_by_more_than_one_interval_is_named() -> None:
    found = cache_condition(
        [state("public.a", due_in=timedelta(seconds=30)), state("public.b", due_in=timedelta(seconds=-61))], NOW
    )
    assert (found.status, found.reason) == (False, "RefreshOverdue")
    assert "public.b" in found.message and "public.a" not in found.message


def test_a_failed_refresh_is_named_first() -> None:
    found = cache_condition(
        [
            state("public.a", due_in=timedelta(seconds=30), error="lock timeout: pid 42"),
            state("public.b", due_in=timedelta(minutes=-5)),
        ],
        NOW,
    )
    assert (found.status, found.reason) == (False, "RefreshFailed")
    assert found.message == ("last refresh failed: public.a; overdue by more than one interval: public.b")
