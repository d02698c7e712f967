"""Refresh the document's materialized views (``spec.refresh[]``): the CLI's ``refresh`` and the operator's timer.

Each refresh takes an advisory lock for its view (two refreshers never refresh one view at once, across operator
replicas and cron jobs: the second skips it), runs under the document's ``lock_timeout`` with the same retries
and blocker reporting as apply, under the schedule's ``timeout`` as ``statement_timeout``, and is recorded
(:mod:`schemawright.livestate.refreshes`). A failed refresh leaves the old contents in place.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from psycopg import errors as pgerrors
from psycopg import sql

from schemawright.connect.db import connect
from schemawright.errors import DatabaseError, Problem, SpecError
from schemawright.execute.journal import who
from schemawright.execute.locks import Blocker, blockers
from schemawright.execute.retry import Backoff
from schemawright.livestate import refreshes
from schemawright.livestate.refreshes import RefreshRecord, ViewHistory
from schemawright.spec.durations import format_duration_ms
from schemawright.spec.model import DesiredSchema, RefreshSchedule

# pg_try_advisory_lock(int4, int4): the first key says "schemawright refresh", the second is the view.
REFRESH_LOCK_CLASS = 21336

Conn = psycopg.Connection[tuple[Any, ...]]
Notice = Callable[[str], None]


@dataclass(frozen=True)
class RefreshResult:
    """What happened to one scheduled view: ``refreshed``, ``failed``, ``skipped`` (another refresher holds
    it) or ``not-due`` (``--if-due`` and its interval has not elapsed)."""

    view: str
    status: str
    concurrently: bool = False
    duration_s: float = 0.0
    rows: int | None = None
    attempts: int = 0
    error: str = ""
    blockers: tuple[Blocker, ...] = ()


@dataclass(frozen=True)
class RefreshReport:
    """Every scheduled view the command or timer looked at."""

    results: list[RefreshResult] = field(default_factory=list)

    @property
    def failed(self) -> list[RefreshResult]:
        """The refreshes that failed."""
        return [r for r in self.results if r.status == "failed"]


@dataclass(frozen=True)
class ViewState:
    """A scheduled view as the record shows it (``schemawright status``, the operator's ``status.refresh[]``)."""

    view: str
    every_ms: int
    last_refreshed: datetime | None
    duration_s: float | None
    rows: int | None
    next_at: datetime
    last_error: str | None

    def overdue(self, now: datetime) -> bool:
        """More than one interval past due (or failed last time): the cache is stale."""
        return self.last_error is not None or now > self.next_at + timedelta(milliseconds=self.every_ms)


def _selected(desired: DesiredSchema, view: str | None) -> list[RefreshSchedule]:
    if view is None:
        return list(desired.refresh)
    qualified = view if "." in view else f"{desired.default_schema}.{view}"
    chosen = [item for item in desired.refresh if item.qualified == qualified]
    if not chosen:
        known = ", ".join(item.qualified for item in desired.refresh) or "none (spec.refresh is empty)"
        raise SpecError("--view", [Problem("--view", repr(view), f"a view scheduled in spec.refresh: {known}")])
    return chosen


def _due(item: RefreshSchedule, seen: ViewHistory, now: datetime) -> bool:
    last = seen.last
    return last is None or now - last.started_at >= timedelta(milliseconds=item.every_ms)


def refresh(
    desired: DesiredSchema,
    live_url: str,
    *,
    view: str | None = None,
    if_due: bool = False,
    now: Callable[[], datetime] | None = None,
    on_notice: Notice | None = None,
) -> RefreshReport:
    """Refresh the scheduled views of ``desired`` in the database at ``live_url`` (only ``view``, a name from
    ``spec.refresh``, when given; only those whose ``every`` has elapsed since their last recorded refresh when
    ``if_due``). SpecError for an unknown ``view``; database failures are in the report, one per view."""
    clock = now or (lambda: datetime.now(UTC))
    chosen = _selected(desired, view)
    results: list[RefreshResult] = []
    with connect(live_url) as conn:
        seen = refreshes.history(conn, [item.qualified for item in chosen])
        for item in chosen:
            if if_due and not _due(item, seen[item.qualified], clock()):
                results.append(RefreshResult(item.qualified, "not-due", item.concurrently))
                continue
            results.append(refresh_view(conn, item, desired, on_notice=on_notice))
    return RefreshReport(results)


def view_states(desired: DesiredSchema, live_url: str, *, now: datetime | None = None) -> list[ViewState]:
    """Every scheduled view of ``desired`` with its last refresh, next due time and last error."""
    moment = now or datetime.now(UTC)
    with connect(live_url) as conn:
        seen = refreshes.history(conn, [item.qualified for item in desired.refresh])
    return [_state(item.qualified, item.every_ms, seen[item.qualified], moment) for item in desired.refresh]


def recorded_states(live_url: str) -> list[ViewHistory]:
    """Every view the database's record knows (``schemawright status`` without a document)."""
    with connect(live_url) as conn:
        return sorted(refreshes.history(conn).values(), key=lambda h: h.view)


def _state(view: str, every_ms: int, seen: ViewHistory, now: datetime) -> ViewState:
    done, last = seen.last_done, seen.last
    next_at = last.started_at + timedelta(milliseconds=every_ms) if last else now
    return ViewState(
        view=view,
        every_ms=every_ms,
        last_refreshed=done.finished_at if done else None,
        duration_s=done.duration_ms / 1000 if done else None,
        rows=done.rows if done else None,
        next_at=next_at,
        last_error=last.error if last and last.status == "failed" else None,
    )


def _take_lock(conn: Conn, view: str) -> bool:
    row = conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", (REFRESH_LOCK_CLASS, view)).fetchone()
    return bool(row and row[0])


def _release_lock(conn: Conn, view: str) -> None:
    conn.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", (REFRESH_LOCK_CLASS, view))


def _populated(conn: Conn, item: RefreshSchedule) -> bool | None:
    """Whether the materialized view holds data (None: it does not exist)."""
    row = conn.execute(
        "SELECT c.relispopulated FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relname = %s AND c.relkind = 'm'",
        (item.schema, item.view),
    ).fetchone()
    return None if row is None else bool(row[0])


def refresh_view(
    conn: Conn, item: RefreshSchedule, desired: DesiredSchema, *, on_notice: Notice | None = None
) -> RefreshResult:
    """Refresh one view now (see the module's docstring); the outcome is recorded unless it was skipped."""
    notice = on_notice or (lambda _message: None)
    if not _take_lock(conn, item.qualified):
        return RefreshResult(
            item.qualified,
            "skipped",
            item.concurrently,
            error="another refresh of this view is running (its advisory lock is held)",
        )
    try:
        populated = _populated(conn, item)
        if populated is None:
            return _finish(
                conn,
                item,
                RefreshResult(
                    item.qualified,
                    "failed",
                    item.concurrently,
                    error=f"{item.qualified} is not a materialized view in this database: apply the document first",
                ),
                datetime.now(UTC),
            )
        # CONCURRENTLY needs existing contents: a view created WITH NO DATA is populated by a plain refresh.
        concurrently = item.concurrently and populated
        return _run(conn, item, desired, concurrently, notice)
    finally:
        _release_lock(conn, item.qualified)


def _run(
    conn: Conn, item: RefreshSchedule, desired: DesiredSchema, concurrently: bool, notice: Notice
) -> RefreshResult:
    policy = desired.policy
    statement = sql.SQL("REFRESH MATERIALIZED VIEW {}{}").format(
        sql.SQL("CONCURRENTLY ") if concurrently else sql.SQL(""), sql.Identifier(item.schema, item.view)
    )
    conn.execute(f"SET lock_timeout = {int(policy.lock_timeout_ms)}".encode())
    conn.execute(f"SET statement_timeout = {int(item.timeout_ms)}".encode())
    delays = Backoff(budget_s=policy.lock_retry_timeout_ms / 1000).delays()
    attempts = 0
    started = datetime.now(UTC)
    clock = time.monotonic()

    def failed(error: str, holders: tuple[Blocker, ...] = ()) -> RefreshResult:
        """Record and return this refresh's failure, timed from its first attempt."""
        result = RefreshResult(
            item.qualified,
            "failed",
            concurrently,
            time.monotonic() - clock,
            attempts=attempts,
            error=error,
            blockers=holders,
        )
        return _finish(conn, item, result, started)

    try:
        while True:
            attempts += 1
            try:
                conn.execute(statement)
                break
            except pgerrors.LockNotAvailable:
                holders = blockers(conn, item.qualified)
                delay = next(delays, None)
                if delay is None:
                    return failed(_gave_up(item, attempts, holders, desired), tuple(holders))
                who_blocks = "; ".join(b.summary for b in holders) or "a session that has just finished"
                notice(
                    f"{item.qualified}: lock not granted within lock_timeout {policy.lock_timeout_ms} ms "
                    f"(attempt {attempts}), retrying in {delay:.1f}s; blocked by {who_blocks}"
                )
                time.sleep(delay)
            except pgerrors.QueryCanceled:
                return failed(
                    f"{item.qualified}: the refresh ran longer than its timeout "
                    f"{format_duration_ms(item.timeout_ms)} and was cancelled; the old contents stay. "
                    "Raise spec.refresh[].timeout or make the view cheaper (docs/caching.md)"
                )
            except psycopg.Error as exc:
                message = (exc.diag.message_primary or str(exc)).strip()
                return failed(
                    f"{item.qualified}: the refresh failed [{exc.sqlstate}]: {message}; the old contents stay"
                )
        duration = time.monotonic() - clock
        conn.execute(b"SET statement_timeout = 0")
        count = conn.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(item.schema, item.view))
        ).fetchone()
        rows = int(count[0]) if count else None
        return _finish(
            conn, item, RefreshResult(item.qualified, "refreshed", concurrently, duration, rows, attempts), started
        )
    finally:
        conn.execute(b"RESET lock_timeout")
        conn.execute(b"RESET statement_timeout")


def _finish(conn: Conn, item: RefreshSchedule, result: RefreshResult, started: datetime) -> RefreshResult:
    entry = RefreshRecord(
        view=item.qualified,
        status="done" if result.status == "refreshed" else "failed",
        concurrently=result.concurrently,
        started_at=started,
        duration_ms=int(result.duration_s * 1000),
        rows=result.rows,
        error=result.error or None,
    )
    try:
        refreshes.record(conn, entry, who())
    except psycopg.Error as exc:
        raise DatabaseError(
            f"could not record the refresh of {item.qualified} in {refreshes.TABLE}: "
            f"{(exc.diag.message_primary or str(exc)).strip()}"
        ) from exc
    return result


def _gave_up(item: RefreshSchedule, attempts: int, holders: list[Blocker], desired: DesiredSchema) -> str:
    policy = desired.policy
    sessions = "\n".join(f"    - {b}" for b in holders) or "    - (the lock was released just now; nothing holds it)"
    return (
        f"{item.qualified}: the refresh could not get its lock within lock_timeout {policy.lock_timeout_ms} ms, "
        f"{attempts} attempt(s) over about {policy.lock_retry_timeout_ms / 1000:.0f}s; the old contents stay. "
        f"Sessions holding locks on it:\n{sessions}\n  what to do: let those transactions finish (or end them: "
        "SELECT pg_terminate_backend(pid)); the next refresh tries again"
    )
