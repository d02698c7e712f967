"""The engine: what the CLI and the operator both call. Load → guard → shadow → diff → plan → apply.

I/O happens here and in the adapters it calls; the planner itself stays pure.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import psycopg

from schemawright.connect.db import connect
from schemawright.connect.urls import mask
from schemawright.diff import Differ, default_differ, inspections
from schemawright.diff.normalise import Noise, filter_noise
from schemawright.errors import DatabaseError, SchemawrightError, StalePlanError
from schemawright.execute.events import EventCallback
from schemawright.execute.gate import Gate, decide
from schemawright.execute.journal import Journal, PlanRecord, who
from schemawright.execute.locks import take_apply_lock
from schemawright.execute.runner import ApplyReport, Options, Runner
from schemawright.inspect.catalog import Catalog
from schemawright.inspect.read import inspect
from schemawright.livestate import applied, uptodate
from schemawright.livestate.fingerprint import catalog_fingerprint, fingerprint_like
from schemawright.plan import Hints, Plan, build_plan, reverse_statements
from schemawright.plan.model import ExecutionPolicy, assemble
from schemawright.shadow.build import DesiredDatabase, desired_database, shadow_database
from schemawright.shadow.desired import desired_script as desired_script  # re-exported: the engine API
from schemawright.shadow.desired import desired_statements as desired_statements
from schemawright.spec import DesiredSchema
from schemawright.timing import timed

if TYPE_CHECKING:
    from schemawright.guard import GuardedScript

Conn = psycopg.Connection[tuple[Any, ...]]


def hints_for(desired: DesiredSchema) -> Hints:
    """The planner hints a document carries: renames, backfill expressions, extensions, batch size."""
    table_renames = {}
    column_renames = {}
    backfills = {}
    paths = {}
    for table in desired.tables:
        if table.renamed_from:
            table_renames[(table.schema, table.name)] = (table.schema, table.renamed_from)
        for column in table.columns:
            key = (table.schema, table.name, column.name)
            paths[key] = column.path
            if column.renamed_from:
                column_renames[key] = column.renamed_from
            if column.backfill:
                backfills[key] = column.backfill
    return Hints(table_renames=table_renames, column_renames=column_renames, backfills=backfills,
                 extensions=desired.extensions, batch_size=desired.policy.backfill_batch_size,
                 paths=paths, default_schema=desired.default_schema,
                 keep_undeclared_extensions=desired.policy.keep_undeclared_extensions)


def renamed_tables(desired: DesiredSchema) -> dict[str, str]:
    """The tables ``desired`` renames, as ``{"schema.old": "schema.new"}`` (the spec's ``renamedFrom``)."""
    return {f"{old[0]}.{old[1]}": f"{new[0]}.{new[1]}" for new, old in hints_for(desired).table_renames.items()}


def applying_role_note(conn: Conn, triggers: int) -> str:
    """Who the dynamic SQL of ``triggers`` trigger functions runs as when a backfill fires them: the role that
    applies the plan (the one ``conn`` to the live database uses), and whether it is a superuser or bypasses
    row-level security."""
    row = conn.execute("SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
                       ).fetchone()
    user, superuser, bypass = row if row else ("?", False, False)
    rights = ("a superuser: the generated SQL can do anything" if superuser else
              "not a superuser, but it bypasses row-level security" if bypass else "not a superuser")
    return (f"{triggers} trigger function(s) run dynamic SQL; backfills fire them as the applying role {user}, "
            f"which is {rights}")


def inspect_url(url: str, schemas: tuple[str, ...]) -> Catalog:
    """Inspect the database at ``url``."""
    with connect(url) as conn:
        return inspect(conn, schemas)


def inspect_desired(url: str, schemas: tuple[str, ...]) -> Catalog:
    """Inspect the desired database at ``url``; a kept shadow template's inspection is read from the cache (and
    kept there the first time) instead (diff/inspections.py)."""
    with connect(url) as conn:
        key = inspections.key(conn.execute(inspections.IDENTITY_QUERY).fetchone(), "catalog", schemas,
                              code=("inspect",))
        found = inspections.load(key)
        if isinstance(found, Catalog):
            return found
        catalog = inspect(conn, schemas)
    inspections.store(key, pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL))
    return catalog


def live_fingerprint(url: str, schemas: tuple[str, ...], like: str = "") -> str:
    """The live schema's fingerprint by one catalog query; in the older full-inspection scheme when ``like`` is
    one of those (status and plan files written by an earlier release), so like is compared with like."""
    with connect(url) as conn:
        return fingerprint_like(conn, schemas, like)


@dataclass
class PlanResult:
    """A plan and what it was computed from."""

    plan: Plan
    live: Catalog
    desired: Catalog
    diff: list[str]  # the differ's statements, normalisation noise left out
    noise: list[Noise] = field(default_factory=list)  # what was left out, per object
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the guard and the shadow build want the user to know


@dataclass(frozen=True)
class DesiredSide:
    """The desired half of a plan, computed once per document: the guarded script, the planner hints, the
    shadow it is materialised in (alive while the side is in use) and the shadow's inspection. A fleet plans
    every target against one side; each target adds only its live inspection and the diff."""

    desired: DesiredSchema
    script: GuardedScript
    hints: Hints
    shadow_server_url: str
    database: DesiredDatabase
    catalog: Catalog
    timings: dict[str, float]
    shared: bool = True  # several targets plan against it: its shadow is only read


@contextmanager
def desired_side(desired: DesiredSchema, shadow_server_url: str, notes: list[str] | None = None, *,
                 shared: bool = True) -> Iterator[DesiredSide]:
    """Guard ``desired``, materialise it in a shadow on ``shadow_server_url`` and inspect it; the shadow is
    dropped when the block ends. What the guard and the build want the user to know goes to ``notes``."""
    timings: dict[str, float] = {}
    with timed(timings, "guard"):
        script = desired_script(desired)
    if notes is not None:
        notes.extend(script.notes)
    # CREATE EXTENSION in spec.sql (or a .sql file) declares the extension as spec.extensions does.
    hints = replace(hints_for(desired), extensions=tuple(dict.fromkeys(desired.extensions + script.extensions)))
    with timed(timings, "shadow"), desired_database(shadow_server_url, script.statements, source=desired.source,
                                                    notes=notes, cache_key=desired.schemas) as database:
        with timed(timings, "inspect_desired"):
            catalog = inspect_desired(database.url, desired.schemas)
        yield DesiredSide(desired, script, hints, shadow_server_url, database, catalog, timings, shared)


def make_plan(desired: DesiredSchema, live_url: str, shadow_server_url: str, *,
              differ: Differ | None = None, live_conn: Conn | None = None) -> PlanResult:
    """Compute the plan that moves the database at ``live_url`` to ``desired``.

    ``shadow_server_url`` names a server (and a database to connect to there) on which a scratch
    database may be created and dropped. ``live_conn``, an open connection to ``live_url``, is used instead of
    opening one (``plan`` asks the no-op question and computes the plan on one connection).
    """
    notes: list[str] = []
    with desired_side(desired, shadow_server_url, notes, shared=False) as side:
        result = plan_against(side, live_url, differ=differ, live_conn=live_conn)
    result.notes[:0] = notes
    result.timings = {**side.timings, **result.timings}
    return result


def plan_against(side: DesiredSide, live_url: str, *, differ: Differ | None = None,
                 live_conn: Conn | None = None) -> PlanResult:
    """The plan that moves the database at ``live_url`` (or ``live_conn``, an open connection to it) to the
    desired side (thread-safe: the shared desired database is only read; a target with pending renames gets a
    copy of its own with the live names restored)."""
    if live_conn is None:
        with connect(live_url) as conn:
            return plan_against(side, live_url, differ=differ, live_conn=conn)
    conn = live_conn
    differ = differ or default_differ()
    desired = side.desired
    timings: dict[str, float] = {}
    notes: list[str] = []
    with timed(timings, "inspect_live"):
        fingerprint = catalog_fingerprint(conn, desired.schemas)  # first: a change after it makes the plan stale
        live = inspect(conn, desired.schemas)
    if side.script.dynamic_triggers:
        notes.append(applying_role_note(conn, side.script.dynamic_triggers))
    # The desired database holds the schema as written (inspected for the planner); when renames are pending,
    # the renamed objects get their live names back in a copy of this target's own, so the differ sees no
    # drop+add.
    reverse = reverse_statements(side.hints, live, side.catalog)
    with _diff_shadow(side, reverse) as shadow:
        with timed(timings, "diff"):
            raw = differ.diff(live_url, shadow, desired.schemas)
        with timed(timings, "normalise"):
            # migra compares printed definitions; drop what only prints differently (diff/normalise.py)
            raw, noise = filter_noise(raw, live, side.catalog, shadow)
    with timed(timings, "plan"):
        plan = build_plan(raw, live, side.catalog, side.hints, source=desired.source, schemas=desired.schemas)
        plan = replace(plan, execution=execution_of(desired), fingerprint=fingerprint)
    return PlanResult(plan=plan, live=live, desired=side.catalog, diff=raw, noise=noise, timings=timings,
                      notes=notes)


@contextmanager
def _diff_shadow(side: DesiredSide, reverse: list[str]) -> Iterator[str]:
    if not reverse:
        yield side.database.url
        return
    if side.shared and side.database.private:  # other targets read this one: build a copy to rename in
        copy = shadow_database(side.shadow_server_url, side.script.statements, source=side.desired.source,
                               reuse=False)
    else:
        copy = side.database.changeable()
    with copy as shadow:
        with connect(shadow) as conn:
            for statement in reverse:
                conn.execute(statement.encode())
        yield shadow


def up_to_date(desired: DesiredSchema, live: str | Conn) -> uptodate.UpToDate | None:
    """The no-op fast path of ``plan``: the live schema (a URL, or an open connection to it) is what the last
    apply of this document left (read-only; None when it is not, or when nothing was recorded)."""
    known = uptodate.check_url(desired, live) if isinstance(live, str) else uptodate.check(live, desired)
    return None if known is None else replace(known, plan=replace(known.plan, execution=execution_of(desired)))


def raw_diff(desired: DesiredSchema, live_url: str, shadow_server_url: str, *,
             differ: Differ | None = None) -> list[str]:
    """The differ's own output, before the planner (``schemawright diff``)."""
    differ = differ or default_differ()
    statements = desired_statements(desired)
    with desired_database(shadow_server_url, statements, source=desired.source,
                          cache_key=desired.schemas) as shadow:
        return differ.diff(live_url, shadow.url, desired.schemas)


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


def execution_of(desired: DesiredSchema) -> ExecutionPolicy:
    """The document's execution policy as a plan carries it (``Plan.execution``)."""
    p = desired.policy
    return ExecutionPolicy(lock_timeout_ms=p.lock_timeout_ms, statement_timeout_ms=p.statement_timeout_ms,
                           long_statement_timeout_ms=p.long_statement_timeout_ms,
                           lock_retry_timeout_ms=p.lock_retry_timeout_ms, backfill_pause_ms=p.backfill_pause_ms)


def options_for(desired: DesiredSchema) -> Options:
    """Runner options from the document's policy."""
    return replace(options_from(execution_of(desired)), allow_destructive=desired.policy.allow_destructive)


def options_from(execution: ExecutionPolicy) -> Options:
    """Runner options from a plan's ``execution`` (defaults for what it does not say)."""
    base = Options()

    def said(value: int | None, default: int) -> int:
        return default if value is None else value

    return Options(lock_timeout_ms=said(execution.lock_timeout_ms, base.lock_timeout_ms),
                   statement_timeout_ms=said(execution.statement_timeout_ms, base.statement_timeout_ms),
                   long_statement_timeout_ms=said(execution.long_statement_timeout_ms, base.long_statement_timeout_ms),
                   lock_retry_timeout_ms=said(execution.lock_retry_timeout_ms, base.lock_retry_timeout_ms),
                   backfill_pause_s=said(execution.backfill_pause_ms, 0) / 1000)


RESUMES = ("the connection to the database was lost; finished steps are recorded in its journal and the next "
           "apply resumes from the first unfinished one.")


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


def apply(desired: DesiredSchema, live_url: str, shadow_server_url: str, *, allow_destructive: bool = False,
          approve: str | None = None, on_event: EventCallback | None = None,
          on_plan: Callable[[Plan, int], None] | None = None, differ: Differ | None = None,
          side: DesiredSide | None = None) -> ApplyOutcome:
    """Plan and apply ``desired`` to the database at ``live_url``: one applier at a time (advisory lock),
    journaled, resuming an unfinished plan for the same desired state, contract only when the gate allows.
    ``side`` (a fleet's): the desired side already materialised, planned against instead of a new shadow."""
    options = options_for(desired)
    with connect(live_url) as conn, _lost_session_resumes(conn):
        take_apply_lock(conn)  # first thing: before planning, so two appliers never plan against each other
        journal = Journal(conn)
        known = uptodate.check(conn, desired)  # a record exists only where the journal does: no DDL for a no-op
        if known is not None:  # nothing to do, known without a shadow or a diff
            plan = replace(known.plan, execution=execution_of(desired))
            if desired.source_key and desired.source_key != known.state.source_key:
                # The same document from another file or path: recorded, so its next `plan` is quick too.
                _record_state(conn, desired, known.state.fingerprint, known.state.desired_fingerprint,
                              known.state.plan_hash)
            if on_plan:
                on_plan(plan, 1)
            return ApplyOutcome(plan=plan, report=ApplyReport(plan_hash=plan.hash), gate=Gate(True),
                                live_fingerprint=plan.fingerprint, up_to_date=known)
        journal.ensure()
        request = _Apply(desired, live_url, shadow_server_url, options,
                         allow_destructive=allow_destructive or options.allow_destructive, approve=approve,
                         on_event=on_event, on_plan=on_plan, differ=differ, side=side)
        outcome = _apply_locked(conn, journal, request, may_resume=True)
        _record(conn, desired, outcome.final)
        return outcome


def _record(conn: psycopg.Connection[tuple[object, ...]], desired: DesiredSchema, final: ApplyOutcome) -> None:
    """Remember a successful apply (one that found nothing to do included) for the no-op fast path."""
    if final.report.complete and final.live_fingerprint is not None:
        _record_state(conn, desired, final.live_fingerprint, final.plan.desired_fingerprint, final.plan.hash)


def _record_state(conn: psycopg.Connection[tuple[object, ...]], desired: DesiredSchema, fingerprint: str,
                  desired_fingerprint: str, plan_hash: str) -> None:
    """Record that plan ``plan_hash`` left the live schema at ``fingerprint``, with the empty plan the no-op
    path of ``plan`` shows for this document (livestate/uptodate.py, livestate/quick.py)."""
    noop = replace(assemble(fingerprint, [], source=desired.source, desired_fingerprint=desired_fingerprint,
                            schemas=desired.schemas), execution=execution_of(desired))
    applied.record(conn, applied.AppliedState(
        document_key=applied.document_key(desired), fingerprint=fingerprint, desired_fingerprint=desired_fingerprint,
        plan_hash=plan_hash, source_key=desired.source_key, noop_plan=noop.to_dict()), who())


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


def _apply_locked(conn: psycopg.Connection[tuple[object, ...]], journal: Journal, request: _Apply, *,
                  may_resume: bool) -> ApplyOutcome:
    """Under the advisory lock: plan, then resume the journal's unfinished plan for the same desired state (or
    start the new one) and run it; after a resume, plan once more for what is left."""
    fresh = _plan_locked(conn, request)
    previous = journal.resumable(fresh.desired_fingerprint) if may_resume else None
    if previous is not None and (previous.status == "running" or previous.stopped_fingerprint == fresh.fingerprint):
        # "running" with the advisory lock now ours means its applier died: continue exactly where it stopped.
        journal.reopen(previous.plan_id)
        outcome = _run_announced(conn, journal, request, previous.plan, previous.plan_id,
                                 start_at=previous.next_index, progress=previous.progress)
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
        return ApplyOutcome(plan=fresh, report=ApplyReport(plan_hash=fresh.hash), gate=Gate(True),
                            live_fingerprint=fresh.fingerprint)
    return _run_announced(conn, journal, request, fresh, journal.start(fresh), start_at=1, progress=None)


def _plan_locked(conn: psycopg.Connection[tuple[object, ...]], request: _Apply) -> Plan:
    """The plan from the live schema as ``conn`` (the lock holder's connection) sees it."""
    if request.side is not None:
        return plan_against(request.side, request.live_url, differ=request.differ, live_conn=conn).plan
    return make_plan(request.desired, request.live_url, request.shadow_server_url, differ=request.differ,
                     live_conn=conn).plan


def _run_announced(conn: psycopg.Connection[tuple[object, ...]], journal: Journal, request: _Apply, plan: Plan,
                   plan_id: int, *, start_at: int, progress: dict[str, Any] | None) -> ApplyOutcome:
    """Tell ``on_plan`` which plan runs from which step, then gate and run it."""
    if request.on_plan:
        request.on_plan(plan, start_at)
    return _run_journaled(conn, journal, plan, plan_id, request.options, request.desired.schemas, start_at=start_at,
                          progress=progress, allow_destructive=request.allow_destructive, approve=request.approve,
                          on_event=request.on_event)


def apply_saved(plan: Plan, live_url: str, *, allow_destructive: bool = False, approve: str | None = None,
                on_event: EventCallback | None = None,
                on_plan: Callable[[Plan, int], None] | None = None) -> ApplyOutcome:
    """Apply a plan saved by ``plan --out``, refusing (StalePlanError) if the live schema changed since;
    ``on_plan`` hears the plan and the step it starts at, once it is known to run."""
    with connect(live_url) as conn, _lost_session_resumes(conn):
        take_apply_lock(conn)
        live = fingerprint_like(conn, plan.schemas, plan.fingerprint)  # a plan saved by an older release too
        journal = Journal(conn)
        if live != plan.fingerprint and journal.exists():
            if journal.applied(plan.hash) == live:
                # The schema moved exactly as this plan moves it: a second apply of the same file.
                return ApplyOutcome(plan=plan, report=ApplyReport(plan_hash=plan.hash), gate=Gate(True),
                                    live_fingerprint=live, already_applied=True)
            previous = journal.resumable(plan.desired_fingerprint)
            if previous is not None and previous.plan.hash == plan.hash and previous.stopped_fingerprint == live:
                # It stopped cleanly (at the approval gate, or failed) and nothing moved since: continue it.
                journal.reopen(previous.plan_id)
                if on_plan:
                    on_plan(plan, previous.next_index)
                outcome = _run_journaled(conn, journal, plan, previous.plan_id, options_from(plan.execution),
                                         plan.schemas, start_at=previous.next_index, progress=previous.progress,
                                         allow_destructive=allow_destructive, approve=approve, on_event=on_event)
                outcome.resumed_at = previous.next_index
                return outcome
        if live != plan.fingerprint:
            raise StalePlanError(
                f"the live schema changed since this plan was made (plan from {plan.fingerprint}, live is now {live}); "
                "nothing was applied. Run `schemawright plan` again.")
        journal.ensure()
        plan_id = journal.start(plan)
        if on_plan:
            on_plan(plan, 1)
        return _run_journaled(conn, journal, plan, plan_id, options_from(plan.execution), plan.schemas,
                              allow_destructive=allow_destructive, approve=approve, on_event=on_event)


def _run_journaled(conn: psycopg.Connection[tuple[object, ...]], journal: Journal, plan: Plan, plan_id: int,
                   options: Options, schemas: tuple[str, ...], *, start_at: int = 1,
                   progress: dict[str, Any] | None = None, allow_destructive: bool, approve: str | None,
                   on_event: EventCallback | None) -> ApplyOutcome:
    """Gate and run a journaled plan; the journal records how it ended and the live schema it left."""
    try:
        gate = decide(plan, start_at=start_at, allow_destructive=allow_destructive, approve=approve)
        runner = Runner(conn, replace(options, allow_destructive=gate.run_contract), journal=journal,
                        plan_id=plan_id, on_event=on_event)
        report = runner.run(plan, start_at=start_at, resume_progress=progress)
    except SchemawrightError as exc:
        if conn.broken or conn.closed:
            # The session is gone (terminated, server restarted): the journal keeps "running", which is exactly
            # what lets the next apply resume at this step.
            raise DatabaseError(f"{exc}\n  {RESUMES}") from exc
        journal.finish(plan_id, "failed", str(exc), stopped_fingerprint=_fingerprint(conn, schemas))
        raise
    fingerprint = _fingerprint(conn, schemas)
    journal.finish(plan_id, "done" if report.complete else "waiting", None if report.complete else gate.message,
                   stopped_fingerprint=fingerprint)
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
