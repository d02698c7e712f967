"""The engine's applying half: the advisory lock, the journal, resume after a crash, the gate, the run; and a
saved plan applied as it is."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import psycopg

from schemawright.connect.db import connect
from schemawright.connect.urls import mask
from schemawright.diff import Differ
from schemawright.engine.planning import DesiredSide, execution_of, make_plan, plan_against
from schemawright.errors import DatabaseError, SchemawrightError, StalePlanError
from schemawright.execute.events import EventCallback
from schemawright.execute.gate import Gate, decide
from schemawright.execute.journal import Journal, PlanRecord, who
from schemawright.execute.locks import apply_lock
from schemawright.execute.runner import ApplyReport, Options, Runner
from schemawright.livestate import applied, uptodate
from schemawright.livestate.fingerprint import catalog_fingerprint, fingerprint_like
from schemawright.plan import Plan
from schemawright.plan.model import ExecutionPolicy, assemble
from schemawright.spec import DesiredSchema

Conn = psycopg.Connection[tuple[Any, ...]]


@dataclass
class ApplyOutcome:
    """What an apply did, and where it stopped."""

    plan: Plan
    report: ApplyReport
    gate: Gate
    plan_id: int | None = None
    resumed_at: int | None = None  # the step a crashed or stopped plan was resumed from
    live_fingerprint: str | None = None  # the live schema when this plan stopped (None if it could not be read)
    followup: ApplyOutcome | None = None  # a fresh plan run after finishing a resumed one
    already_applied: bool = False  # a saved plan that had already been applied in full: nothing ran
    up_to_date: uptodate.UpToDate | None = None  # set when the no-op fast path answered (no plan was computed)

    @property
    def final(self) -> ApplyOutcome:
        """The last plan run in this apply."""
        return self.followup.final if self.followup else self


def options_for(desired: DesiredSchema) -> Options:
    """Runner options from the document's policy."""
    return replace(options_from(execution_of(desired)), allow_destructive=desired.policy.allow_destructive)


def options_from(execution: ExecutionPolicy) -> Options:
    """Runner options from a plan's ``execution`` (defaults for what it does not say)."""
    base = Options()

    def said(value: int | None, default: int) -> int:
        return default if value is None else value

    return Options(
        lock_timeout_ms=said(execution.lock_timeout_ms, base.lock_timeout_ms),
        statement_timeout_ms=said(execution.statement_timeout_ms, base.statement_timeout_ms),
        long_statement_timeout_ms=said(execution.long_statement_timeout_ms, base.long_statement_timeout_ms),
        lock_retry_timeout_ms=said(execution.lock_retry_timeout_ms, base.lock_retry_timeout_ms),
        backfill_pause_s=said(execution.backfill_pause_ms, 0) / 1000,
    )


RESUMES = (
    "the connection to the database was lost; finished steps are recorded in its journal and the next "
    "apply resumes from the first unfinished one."
)


@contextmanager
def _lost_session_resumes(conn: psycopg.Connection[tuple[object, ...]]) -> Iterator[None]:
    """A session cut between steps (terminated, server restarted) is a database error the next apply resumes
    from, not an internal error."""
    try:
        yield
    except psycopg.Error as exc:
        if not (conn.broken or conn.closed):
            raise
        cause = (str(exc).strip() or type(exc).__name__).splitlines()[0]
        raise DatabaseError(f"{mask(cause)}\n  {RESUMES}") from exc


def apply(
    desired: DesiredSchema,
    live_url: str,
    shadow_server_url: str,
    *,
    allow_destructive: bool = False,
    approve: str | None = None,
    on_event: EventCallback | None = None,
    on_plan: Callable[[Plan, int], None] | None = None,
    differ: Differ | None = None,
    side: DesiredSide | None = None,
) -> ApplyOutcome:
    """Plan and apply ``desired`` to the database at ``live_url``: one applier at a time (advisory lock),
    journaled, resuming an unfinished plan for the same desired state, contract only when the gate allows.
    ``side`` (a fleet's): the desired side already materialised, planned against instead of a new shadow."""
    options = options_for(desired)
    # the lock first thing: before planning, so two appliers never plan against each other
    with connect(live_url) as conn, _lost_session_resumes(conn), apply_lock(conn):
        journal = Journal(conn)
        known = uptodate.check(conn, desired)  # a record exists only where the journal does: no DDL for a no-op
        if known is not None:  # nothing to do, known without a shadow or a diff
            plan = replace(known.plan, execution=execution_of(desired))
            if (desired.source_key and desired.source_key != known.state.source_key) or (
                plan.fingerprint != known.state.fingerprint
            ):
                # The same document from another file or path, or a record in an earlier release's fingerprint
                # scheme: recorded (again), so its next `plan` is quick too.
                _record_state(conn, desired, plan.fingerprint, known.state.desired_fingerprint, known.state.plan_hash)
            if on_plan:
                on_plan(plan, 1)
            return ApplyOutcome(
                plan=plan,
                report=ApplyReport(plan_hash=plan.hash),
                gate=Gate(True),
                live_fingerprint=plan.fingerprint,
                up_to_date=known,
            )
        journal.ensure()
        request = _Apply(
            desired,
            live_url,
            shadow_server_url,
            options,
            allow_destructive=allow_destructive or options.allow_destructive,
            approve=approve,
            on_event=on_event,
            on_plan=on_plan,
            differ=differ,
            side=side,
        )
        outcome = _apply_locked(conn, journal, request, may_resume=True)
        _record(conn, desired, outcome.final)
        return outcome


def _record(conn: psycopg.Connection[tuple[object, ...]], desired: DesiredSchema, final: ApplyOutcome) -> None:
    """Remember a successful apply (one that found nothing to do included) for the no-op fast path."""
    if final.report.complete and final.live_fingerprint is not None:
        _record_state(conn, desired, final.live_fingerprint, final.plan.desired_fingerprint, final.plan.hash)


def _record_state(
    conn: psycopg.Connection[tuple[object, ...]],
    desired: DesiredSchema,
    fingerprint: str,
    desired_fingerprint: str,
    plan_hash: str,
) -> None:
    """Record that plan ``plan_hash`` left the live schema at ``fingerprint``, with the empty plan the no-op
    path of ``plan`` shows for this document (livestate/uptodate.py, livestate/quick.py)."""
    noop = replace(
        assemble(
            fingerprint, [], source=desired.source, desired_fingerprint=desired_fingerprint, schemas=desired.schemas
        ),
        execution=execution_of(desired),
    )
    applied.record(
        conn,
        applied.AppliedState(
            document_key=applied.document_key(desired),
            fingerprint=fingerprint,
            desired_fingerprint=desired_fingerprint,
            plan_hash=plan_hash,
            source_key=desired.source_key,
            noop_plan=noop.to_dict(),
        ),
        who(),
    )


@dataclass(frozen=True)
class _Apply:
    """What :func:`apply` was asked: the document, where it goes, and how (the runner's options, the approval,
    who hears of plans and progress)."""

    desired: DesiredSchema
    live_url: str
    shadow_server_url: str
    options: Options
    allow_destructive: bool
    approve: str | None = None
    on_event: EventCallback | None = None
    on_plan: Callable[[Plan, int], None] | None = None
    differ: Differ | None = None
    side: DesiredSide | None = None  # a fleet's desired side, planned against instead of a new shadow


def _apply_locked(
    conn: psycopg.Connection[tuple[object, ...]], journal: Journal, request: _Apply, *, may_resume: bool
) -> ApplyOutcome:
    """Under the advisory lock: plan, then resume the journal's unfinished plan for the same desired state (or
    start the new one) and run it; after a resume, plan once more for what is left."""
    fresh = _plan_locked(conn, request)
    previous = journal.resumable(fresh.desired_fingerprint) if may_resume else None
    if previous is not None and (previous.status == "running" or previous.stopped_fingerprint == fresh.fingerprint):
        # "running" with the advisory lock now ours means its applier died: continue exactly where it stopped.
        journal.reopen(previous.plan_id)
        outcome = _run_announced(
            conn,
            journal,
            request,
            previous.plan,
            previous.plan_id,
            start_at=previous.next_index,
            progress=previous.progress,
        )
        outcome.resumed_at = previous.next_index
        if outcome.report.complete:
            # The resumed plan was computed before the crash: make sure nothing else is left to do.
            outcome.followup = _apply_locked(conn, journal, replace(request, approve=None), may_resume=False)
        return outcome
    if previous is not None:
        journal.finish(previous.plan_id, "superseded", "the live schema changed since it stopped")
    if fresh.is_empty:
        if request.on_plan:
            request.on_plan(fresh, 1)
        return ApplyOutcome(
            plan=fresh, report=ApplyReport(plan_hash=fresh.hash), gate=Gate(True), live_fingerprint=fresh.fingerprint
        )
    return _run_announced(conn, journal, request, fresh, journal.start(fresh), start_at=1, progress=None)


def _plan_locked(conn: psycopg.Connection[tuple[object, ...]], request: _Apply) -> Plan:
    """The plan from the live schema as ``conn`` (the lock holder's connection) sees it."""
    if request.side is not None:
        return plan_against(request.side, request.live_url, differ=request.differ, live_conn=conn).plan
    return make_plan(
        request.desired, request.live_url, request.shadow_server_url, differ=request.differ, live_conn=conn
    ).plan


def _run_announced(
    conn: psycopg.Connection[tuple[object, ...]],
    journal: Journal,
    request: _Apply,
    plan: Plan,
    plan_id: int,
    *,
    start_at: int,
    progress: dict[str, Any] | None,
) -> ApplyOutcome:
    """Tell ``on_plan`` which plan runs from which step, then gate and run it."""
    if request.on_plan:
        request.on_plan(plan, start_at)
    return _run_journaled(
        conn,
        journal,
        plan,
        plan_id,
        request.options,
        request.desired.schemas,
        start_at=start_at,
        progress=progress,
        allow_destructive=request.allow_destructive,
        approve=request.approve,
        on_event=request.on_event,
    )


def apply_saved(
    plan: Plan,
    live_url: str,
    *,
    allow_destructive: bool = False,
    approve: str | None = None,
    on_event: EventCallback | None = None,
    on_plan: Callable[[Plan, int], None] | None = None,
) -> ApplyOutcome:
    """Apply a plan saved by ``plan --out``, refusing (StalePlanError) if the live schema changed since;
    ``on_plan`` hears the plan and the step it starts at, once it is known to run."""
    with connect(live_url) as conn, _lost_session_resumes(conn), apply_lock(conn):
        live = fingerprint_like(conn, plan.schemas, plan.fingerprint)  # a plan saved by an older release too
        journal = Journal(conn)
        if live != plan.fingerprint and journal.exists():
            if journal.applied(plan.hash) == live:
                # The schema moved exactly as this plan moves it: a second apply of the same file.
                return ApplyOutcome(
                    plan=plan,
                    report=ApplyReport(plan_hash=plan.hash),
                    gate=Gate(True),
                    live_fingerprint=live,
                    already_applied=True,
                )
            previous = journal.resumable(plan.desired_fingerprint)
            if previous is not None and previous.plan.hash == plan.hash and previous.stopped_fingerprint == live:
                # It stopped cleanly (at the approval gate, or failed) and nothing moved since: continue it.
                journal.reopen(previous.plan_id)
                if on_plan:
                    on_plan(plan, previous.next_index)
                outcome = _run_journaled(
                    conn,
                    journal,
                    plan,
                    previous.plan_id,
                    options_from(plan.execution),
                    plan.schemas,
                    start_at=previous.next_index,
                    progress=previous.progress,
                    allow_destructive=allow_destructive,
                    approve=approve,
                    on_event=on_event,
                )
                outcome.resumed_at = previous.next_index
                return outcome
        if live != plan.fingerprint:
            raise StalePlanError(
                f"the live schema changed since this plan was made (plan from {plan.fingerprint}, live is now {live}); "
                "nothing was applied. Run `schemawright plan` again."
            )
        journal.ensure()
        plan_id = journal.start(plan)
        if on_plan:
            on_plan(plan, 1)
        return _run_journaled(
            conn,
            journal,
            plan,
            plan_id,
            options_from(plan.execution),
            plan.schemas,
            allow_destructive=allow_destructive,
            approve=approve,
            on_event=on_event,
        )


def _run_journaled(
    conn: psycopg.Connection[tuple[object, ...]],
    journal: Journal,
    plan: Plan,
    plan_id: int,
    options: Options,
    schemas: tuple[str, ...],
    *,
    start_at: int = 1,
    progress: dict[str, Any] | None = None,
    allow_destructive: bool,
    approve: str | None,
    on_event: EventCallback | None,
) -> ApplyOutcome:
    """Gate and run a journaled plan; the journal records how it ended and the live schema it left."""
    try:
        gate = decide(plan, start_at=start_at, allow_destructive=allow_destructive, approve=approve)
        runner = Runner(
            conn,
            replace(options, allow_destructive=gate.run_contract),
            journal=journal,
            plan_id=plan_id,
            on_event=on_event,
        )
        report = runner.run(plan, start_at=start_at, resume_progress=progress)
    except SchemawrightError as exc:
        if conn.broken or conn.closed:
            # The session is gone (terminated, server restarted): the journal keeps "running", which is exactly
            # what lets the next apply resume at this step.
            raise DatabaseError(f"{exc}\n  {RESUMES}") from exc
        journal.finish(plan_id, "failed", str(exc), stopped_fingerprint=_fingerprint(conn, schemas))
        raise
    fingerprint = _fingerprint(conn, schemas)
    journal.finish(
        plan_id,
        "done" if report.complete else "waiting",
        None if report.complete else gate.message,
        stopped_fingerprint=fingerprint,
    )
    return ApplyOutcome(plan=plan, report=report, gate=gate, plan_id=plan_id, live_fingerprint=fingerprint)


def _fingerprint(conn: psycopg.Connection[tuple[object, ...]], schemas: tuple[str, ...]) -> str | None:
    try:
        return catalog_fingerprint(conn, schemas)
    except psycopg.Error:
        return None


def status(live_url: str) -> PlanRecord | None:
    """The journal's last plan on the database at ``live_url`` (``schemawright status``)."""
    with connect(live_url) as conn:
        return Journal(conn).last()
