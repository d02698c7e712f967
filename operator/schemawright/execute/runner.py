"""The step runner: runs a plan's steps in order under the policy's timeouts.

Transactional steps run one transaction each (a multi-statement step is atomic); non-transactional
ones (CONCURRENTLY, enum values) run alone in autocommit. Contract steps run only when allowed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import postgast
import psycopg

from schemawright.errors import ApprovalRequired, DatabaseError
from schemawright.execute.backfill import run_backfill
from schemawright.plan import PhaseName, Plan, Step
from schemawright.urls import mask

LOCK_NOT_AVAILABLE = "55P03"
CHECK_VIOLATION = "23514"
NOT_NULL_VIOLATION = "23502"
UNIQUE_VIOLATION = "23505"
FOREIGN_KEY_VIOLATION = "23503"


@dataclass(frozen=True)
class Options:
    """How to apply: timeouts, batch pacing, and whether contract steps may run."""

    lock_timeout_ms: int = 2000
    statement_timeout_ms: int = 0
    long_statement_timeout_ms: int = 0  # index builds, validations, rewrites: 0 = no limit
    allow_destructive: bool = False
    backfill_pause_s: float = 0.0


@dataclass(frozen=True)
class StepResult:
    """What happened to one step."""

    index: int
    phase: PhaseName
    kind: str
    seconds: float
    rows: int | None = None


@dataclass
class ApplyReport:
    """The outcome of an apply."""

    plan_hash: str
    results: list[StepResult] = field(default_factory=list)
    waiting: list[Step] = field(default_factory=list)  # contract steps not run (approval needed)

    @property
    def complete(self) -> bool:
        """True when every step of the plan ran."""
        return not self.waiting


StepCallback = Callable[[int, Step, str], None]  # (index, step, event: "start" | "done")
BackfillProgress = Callable[[Step, int, int], None]


def apply_plan(plan: Plan, url: str, options: Options, *, on_step: StepCallback | None = None,
               on_progress: BackfillProgress | None = None) -> ApplyReport:
    """Run ``plan`` against ``url``. Stops before the contract phase unless ``allow_destructive``."""
    report = ApplyReport(plan_hash=plan.hash)
    try:
        conn = psycopg.connect(url, autocommit=True, application_name="schemawright")
    except psycopg.Error as exc:
        raise DatabaseError(f"cannot connect to {mask(url)}: {str(exc).strip()}") from exc
    with conn:
        for index, step in enumerate(plan.steps, start=1):
            if step.phase is PhaseName.CONTRACT and not options.allow_destructive:
                report.waiting = [s for s in plan.steps[index - 1:]]
                break
            if on_step:
                on_step(index, step, "start")
            started = time.perf_counter()
            rows = _run(conn, index, step, options, on_progress)
            report.results.append(StepResult(index, step.phase, step.kind, time.perf_counter() - started, rows))
            if on_step:
                on_step(index, step, "done")
    return report


def require_complete(report: ApplyReport) -> None:
    """Raise :class:`ApprovalRequired` when contract steps were held back."""
    if report.waiting:
        lines = "\n".join(f"  - {s.sql.splitlines()[0]}  ({s.reason})" for s in report.waiting)
        raise ApprovalRequired(
            f"waiting for approval of plan {report.plan_hash}: {len(report.waiting)} step(s) need it:\n{lines}\n"
            "Run again with --allow-destructive (or policy.allowDestructive: true) once the application no "
            "longer uses what they remove."
        )


def _run(conn: psycopg.Connection[tuple[object, ...]], index: int, step: Step, options: Options,
         on_progress: BackfillProgress | None) -> int | None:
    timeout = options.long_statement_timeout_ms if step.long_running else options.statement_timeout_ms
    try:
        if step.backfill is not None:
            return run_backfill(
                conn, step.backfill, lock_timeout_ms=options.lock_timeout_ms, statement_timeout_ms=timeout,
                pause_s=options.backfill_pause_s,
                progress=(lambda done, total: on_progress(step, done, total)) if on_progress else None,
            )
        statements = postgast.split(step.sql)
        if step.transactional:
            with conn.transaction():
                _set_timeouts(conn, options.lock_timeout_ms, timeout, local=True)
                for statement in statements:
                    conn.execute(statement.encode())
        else:
            _set_timeouts(conn, options.lock_timeout_ms, timeout, local=False)
            for statement in statements:
                conn.execute(statement.encode())
        return None
    except psycopg.Error as exc:
        raise DatabaseError(_explain(index, step, exc)) from exc


def _set_timeouts(conn: psycopg.Connection[tuple[object, ...]], lock_ms: int, statement_ms: int, *,
                  local: bool) -> None:
    scope = "LOCAL " if local else ""
    conn.execute(f"SET {scope}lock_timeout = {int(lock_ms)}".encode())
    conn.execute(f"SET {scope}statement_timeout = {int(statement_ms)}".encode())


def _explain(index: int, step: Step, exc: psycopg.Error) -> str:
    state = exc.sqlstate or ""
    message = (exc.diag.message_primary or str(exc)).strip()
    remedy = {
        LOCK_NOT_AVAILABLE: f"another session holds a lock on {step.table or 'the object'}; the step did not run. "
                            "Find it with pg_blocking_pids()/pg_stat_activity, let it finish, and apply again.",
        CHECK_VIOLATION: "existing rows violate the constraint. Fix those rows, or give the column a `backfill:` "
                         "expression in the document, and apply again.",
        NOT_NULL_VIOLATION: "existing rows hold NULLs. Give the column a `backfill:` expression and apply again.",
        UNIQUE_VIOLATION: "existing rows hold duplicates. Remove them and apply again; an INVALID index left "
                          "behind is rebuilt by the next apply.",
        FOREIGN_KEY_VIOLATION: "existing rows reference missing rows. Fix them and apply again.",
    }.get(state, "nothing after this step ran; fix the cause and apply again (finished steps are not repeated "
                 "because the next plan starts from the live schema).")
    return (f"step {index} ({step.phase}: {step.kind}) failed [{state}]: {message}\n"
            f"  sql: {step.sql.splitlines()[0][:200]}\n  what to do: {remedy}")
