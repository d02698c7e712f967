"""The step runner: runs a plan's steps in order under the policy's timeouts, journaled and resumable.

- Transactional steps run one transaction each, their journal row updated in the same transaction.
- Non-transactional steps (CONCURRENTLY, enum values) run alone; an index build a crash or failure left
  INVALID is dropped and built again, a valid one is recognised as done.
- A step that hits ``lock_timeout`` is retried with exponential backoff and jitter for
  ``lock_retry_timeout``; then apply gives up and names the sessions holding the lock.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import postgast
import psycopg
from psycopg import errors as pgerrors
from psycopg import sql

from schemawright.connect.db import connect
from schemawright.errors import DatabaseError, LockTimeoutExhausted
from schemawright.execute import failpoints
from schemawright.execute.backfill import run_backfill
from schemawright.execute.events import Event, EventCallback
from schemawright.execute.journal import Journal
from schemawright.execute.locks import Blocker, blockers
from schemawright.execute.retry import Backoff
from schemawright.plan import PhaseName, Plan, Step

Conn = psycopg.Connection[tuple[Any, ...]]
T = TypeVar("T")

CHECK_VIOLATION = "23514"
NOT_NULL_VIOLATION = "23502"
UNIQUE_VIOLATION = "23505"
FOREIGN_KEY_VIOLATION = "23503"


@dataclass(frozen=True)
class Options:
    """How to apply: timeouts, retries, batch pacing, and whether the contract phase may run."""

    lock_timeout_ms: int = 2000
    statement_timeout_ms: int = 0
    long_statement_timeout_ms: int = 0  # index builds, validations, rewrites: 0 = no limit
    lock_retry_timeout_ms: int = 60_000
    allow_destructive: bool = False  # run the contract phase
    backfill_pause_s: float = 0.0


@dataclass(frozen=True)
class StepResult:
    """What happened to one step."""

    index: int
    phase: PhaseName
    kind: str
    seconds: float
    rows: int | None = None
    attempts: int = 1
    skipped: bool = False  # found already done (resume after a crash)


@dataclass
class ApplyReport:
    """The outcome of running (part of) a plan."""

    plan_hash: str
    results: list[StepResult] = field(default_factory=list)
    waiting: list[Step] = field(default_factory=list)  # contract steps not run

    @property
    def complete(self) -> bool:
        """True when every step of the plan ran."""
        return not self.waiting

    @property
    def max_attempts(self) -> int:
        """The most attempts any step needed (1 when no lock timeout was hit)."""
        return max((r.attempts for r in self.results), default=0)


class Runner:
    """Runs the steps of one plan over one autocommit connection."""

    def __init__(
        self,
        conn: Conn,
        options: Options,
        *,
        journal: Journal | None = None,
        plan_id: int | None = None,
        on_event: EventCallback | None = None,
    ) -> None:
        self.conn = conn
        self.options = options
        self.journal = journal
        self.plan_id = plan_id
        self.on_event = on_event or (lambda event: None)
        self._rerun: int | None = None  # the step a crash left started: checked against the live catalog first
        self._schemas: tuple[str, ...] = ("public",)

    def run(
        self,
        plan: Plan,
        *,
        start_at: int = 1,
        stop_before_contract: bool = False,
        resume_progress: dict[str, Any] | None = None,
    ) -> ApplyReport:
        """Run ``plan`` from step ``start_at`` (1-based) on; stop before the contract phase when told to or when
        contract is not allowed."""
        report = ApplyReport(plan_hash=plan.hash)
        steps = plan.steps
        self._schemas = plan.schemas
        if self.journal and self.plan_id is not None and self.journal.step_attempted(self.plan_id, start_at):
            self._rerun = start_at
        for index, step in enumerate(steps, start=1):
            if index < start_at:
                continue
            if step.phase is PhaseName.CONTRACT and (stop_before_contract or not self.options.allow_destructive):
                report.waiting = steps[index - 1 :]
                break
            failpoints.hit("before-step", index)
            progress = resume_progress if index == start_at else None
            report.results.append(self._step(index, step, progress))
            failpoints.hit("after-step", index)
        return report

    def _step(self, index: int, step: Step, progress: dict[str, Any] | None) -> StepResult:
        self.on_event(Event("step-start", index, step))
        started = time.perf_counter()
        attempts = [0]
        rows: int | None = None
        skipped = False
        try:
            if step.backfill is not None:
                if self.journal and self.plan_id is not None:
                    self.journal.step_started(self.plan_id, index)
                rows = self._backfill(index, step, progress, attempts)
                self._done(index)
            elif step.transactional:
                self._with_retries(index, step, attempts, lambda: self._transaction(index, step))
            else:
                skipped = self._with_retries(index, step, attempts, lambda: self._alone(index, step))
        except psycopg.Error as exc:
            message = _explain(index, step, exc)
            self._failed(index, message)
            raise DatabaseError(message) from exc
        except DatabaseError as exc:
            self._failed(index, str(exc))
            raise
        seconds = time.perf_counter() - started
        self.on_event(Event("step-skipped" if skipped else "step-done", index, step, attempt=max(attempts[0], 1)))
        return StepResult(index, step.phase, step.kind, seconds, rows, max(attempts[0], 1), skipped)

    # -- one attempt --------------------------------------------------------------------------------------
    def _timeouts(self, step: Step, *, local: bool) -> None:
        statement = self.options.long_statement_timeout_ms if step.long_running else self.options.statement_timeout_ms
        scope = "LOCAL " if local else ""
        self.conn.execute(f"SET {scope}lock_timeout = {int(self.options.lock_timeout_ms)}".encode())
        self.conn.execute(f"SET {scope}statement_timeout = {int(statement)}".encode())

    def _transaction(self, index: int, step: Step) -> bool:
        with self.conn.transaction():
            if self.journal and self.plan_id is not None:
                self.journal.step_started(self.plan_id, index)
            self._timeouts(step, local=True)
            for statement in postgast.split(step.sql):
                self.conn.execute(statement.encode())
            self._done(index)
        return False

    def _alone(self, index: int, step: Step) -> bool:
        """A non-transactional step; True when it turned out to be done already."""
        if self.journal and self.plan_id is not None:
            self.journal.step_started(self.plan_id, index)
        if self._already_done(index, step) or _index_already_built(self.conn, step):
            self._done(index)
            return True
        self._timeouts(step, local=False)
        for statement in postgast.split(step.sql):
            self.conn.execute(statement.encode())
        failpoints.hit("before-done", index)
        self._done(index)
        return False

    def _already_done(self, index: int, step: Step) -> bool:
        """For the step a crash left started (it ran outside a transaction, so its effect may have stayed
        although the journal never heard of it): True when the live catalog already shows every statement's
        effect (its typed operation says so)."""
        if index != self._rerun:
            return False
        from schemawright.inspect.read import inspect
        from schemawright.plan.operations.resume import already_done

        return already_done(step.sql, inspect(self.conn, self._schemas), self._schemas[0])

    def _backfill(self, index: int, step: Step, progress: dict[str, Any] | None, attempts: list[int]) -> int:
        assert step.backfill is not None
        journal, plan_id = self.journal, self.plan_id

        def checkpoint(after: list[Any] | None, done: int) -> None:
            if journal and plan_id is not None:
                journal.step_progress(plan_id, index, {"after": after, "done": done})

        def report(done: int, total: int, rate: float) -> None:
            eta = (total - done) / rate if rate > 0 and total > done else None
            self.on_event(Event("backfill", index, step, done=done, total=total, rate=rate, eta_s=eta))

        statement = self.options.statement_timeout_ms
        return run_backfill(
            self.conn,
            step.backfill,
            lock_timeout_ms=self.options.lock_timeout_ms,
            statement_timeout_ms=statement,
            retry=lambda batch: self._batch_with_retries(index, step, attempts, batch),
            pause_s=self.options.backfill_pause_s,
            start_after=(progress or {}).get("after"),
            done_before=int((progress or {}).get("done", 0)),
            progress=report,
            checkpoint=checkpoint,
        )

    # -- retries, journal ---------------------------------------------------------------------------------
    def _with_retries(self, index: int, step: Step, attempts: list[int], attempt: Callable[[], T]) -> T:
        delays = Backoff(budget_s=self.options.lock_retry_timeout_ms / 1000).delays()
        while True:
            attempts[0] += 1
            try:
                return attempt()
            except pgerrors.LockNotAvailable as exc:
                holders = blockers(self.conn, step.table)
                delay = next(delays, None)
                if delay is None:
                    raise LockTimeoutExhausted(
                        _gave_up(index, step, attempts[0], holders, self.options), holders
                    ) from exc
                self.on_event(
                    Event("lock-retry", index, step, attempt=attempts[0], delay_s=delay, blockers=tuple(holders))
                )
                time.sleep(delay)

    def _batch_with_retries(self, index: int, step: Step, attempts: list[int], batch: Callable[[], T]) -> T:
        """One backfill batch with its own retries; the step records the most any batch needed."""
        tries = [0]
        try:
            return self._with_retries(index, step, tries, batch)
        finally:
            attempts[0] = max(attempts[0], tries[0])

    def _done(self, index: int) -> None:
        if self.journal and self.plan_id is not None:
            self.journal.step_done(self.plan_id, index)

    def _failed(self, index: int, message: str) -> None:
        if self.journal and self.plan_id is not None:
            # If the connection itself is gone the journal keeps "running"; the next apply resumes from it.
            with contextlib.suppress(psycopg.Error):
                self.journal.step_failed(self.plan_id, index, message)


def _index_already_built(conn: Conn, step: Step) -> bool:
    """For ``CREATE INDEX CONCURRENTLY``: True if a valid index of that name exists (a crash after the
    build); an INVALID leftover (a failed or interrupted build) is dropped so the build can run again."""
    try:
        tree = postgast.parse(step.sql)
    except postgast.PgQueryError:
        return False
    if len(tree.stmts) != 1 or tree.stmts[0].stmt.WhichOneof("node") != "index_stmt":
        return False
    index = tree.stmts[0].stmt.index_stmt
    if not index.concurrent or not index.idxname:
        return False
    schema = index.relation.schemaname or "public"
    row = conn.execute(
        "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relname = %s",
        (schema, index.idxname),
    ).fetchone()
    if row is None:
        return False
    if row[0]:
        return True
    conn.execute(sql.SQL("DROP INDEX CONCURRENTLY IF EXISTS {}").format(sql.Identifier(schema, index.idxname)))
    return False


def _gave_up(index: int, step: Step, attempts: int, holders: list[Blocker], options: Options) -> str:
    who = "\n".join(f"    - {b}" for b in holders) or "    - (the lock was released just now; nothing holds it)"
    return (
        f"step {index} ({step.phase}: {step.kind}) could not get its {step.lock} lock on {step.table or 'its object'}"
        f" within lock_timeout {options.lock_timeout_ms} ms, {attempts} attempt(s) over about "
        f"{options.lock_retry_timeout_ms / 1000:.0f}s; nothing of this step happened. Sessions holding locks on it:\n"
        f"{who}\n  what to do: let those transactions finish (or end them: SELECT pg_terminate_backend(pid)), "
        "then apply again; finished steps are not repeated. A longer spec.policy.lockRetryTimeout waits longer."
    )


def apply_plan(plan: Plan, url: str, options: Options, *, on_event: EventCallback | None = None) -> ApplyReport:
    """Run ``plan`` against ``url`` without journal or advisory lock (tests, the demo's setup).

    The CLI and the operator use :func:`schemawright.engine.apply`, which adds both.
    """
    with connect(url) as conn:
        return Runner(conn, options, on_event=on_event).run(plan)


def _explain(index: int, step: Step, exc: psycopg.Error) -> str:
    state = exc.sqlstate or ""
    message = (exc.diag.message_primary or str(exc)).strip()
    remedy = {
        CHECK_VIOLATION: "existing rows violate the constraint. Fix those rows, or give the column a `backfill:` "
        "expression in the document, and apply again.",
        NOT_NULL_VIOLATION: "existing rows hold NULLs. Give the column a `backfill:` expression and apply again.",
        UNIQUE_VIOLATION: "existing rows hold duplicates. Remove them and apply again; the INVALID index left "
        "behind is rebuilt by the next apply.",
        FOREIGN_KEY_VIOLATION: "existing rows reference missing rows. Fix them and apply again.",
    }.get(state, "nothing of this step happened; fix the cause and apply again (finished steps are not repeated).")
    return (
        f"step {index} ({step.phase}: {step.kind}) failed [{state}]: {message}\n"
        f"  sql: {step.sql.splitlines()[0][:200]}\n  what to do: {remedy}"
    )
