"""The engine's planning half: load → guard → shadow → inspect → diff → plan, and the no-op fast path.

I/O happens here and in the adapters it calls; the planner itself stays pure.
"""

from __future__ import annotations

import functools
import pickle
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import psycopg

from schemawright.connect.db import connect
from schemawright.diff import Differ, default_differ, inspections
from schemawright.diff.normalise import Noise, filter_noise
from schemawright.errors import PlanError
from schemawright.inspect.casts import MissingCast, missing_casts
from schemawright.inspect.catalog import Catalog
from schemawright.inspect.read import inspect
from schemawright.livestate import uptodate
from schemawright.livestate.fingerprint import catalog_fingerprint, fingerprint_like
from schemawright.livestate.stamp import catalog_stamp
from schemawright.plan import Hints, Plan, build_plan, reverse_statements
from schemawright.plan.model import ExecutionPolicy
from schemawright.shadow.build import DesiredDatabase, desired_database, shadow_database
from schemawright.shadow.desired import desired_script, desired_statements
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
    return Hints(
        table_renames=table_renames,
        column_renames=column_renames,
        backfills=backfills,
        extensions=desired.extensions,
        batch_size=desired.policy.backfill_batch_size,
        paths=paths,
        default_schema=desired.default_schema,
        keep_undeclared_extensions=desired.policy.keep_undeclared_extensions,
    )


def renamed_tables(desired: DesiredSchema) -> dict[str, str]:
    """The tables ``desired`` renames, as ``{"schema.old": "schema.new"}`` (the spec's ``renamedFrom``)."""
    return {f"{old[0]}.{old[1]}": f"{new[0]}.{new[1]}" for new, old in hints_for(desired).table_renames.items()}


def applying_role_note(conn: Conn, triggers: int) -> str:
    """Who the dynamic SQL of ``triggers`` trigger functions runs as when a backfill fires them: the role that
    applies the plan (the one ``conn`` to the live database uses), and whether it is a superuser or bypasses
    row-level security."""
    row = conn.execute(
        "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    user, superuser, bypass = row if row else ("?", False, False)
    rights = (
        "a superuser: the generated SQL can do anything"
        if superuser
        else "not a superuser, but it bypasses row-level security"
        if bypass
        else "not a superuser"
    )
    return (
        f"{triggers} trigger function(s) run dynamic SQL; backfills fire them as the applying role {user}, "
        f"which is {rights}"
    )


def inspect_url(url: str, schemas: tuple[str, ...]) -> Catalog:
    """Inspect the database at ``url``."""
    with connect(url) as conn:
        return inspect(conn, schemas)


def inspect_desired(url: str, schemas: tuple[str, ...]) -> Catalog:
    """Inspect the desired database at ``url``; a kept shadow template's inspection is read from the cache (and
    kept there the first time) instead (diff/inspections.py)."""
    with connect(url) as conn:
        key = inspections.key(
            conn.execute(inspections.IDENTITY_QUERY).fetchone(), "catalog", schemas, code=("inspect",)
        )
        return _kept_inspection(conn, schemas, key)


def _kept_inspection(conn: Conn, schemas: tuple[str, ...], key: str | None) -> Catalog:
    """The catalog kept under ``key`` (diff/inspections.py), else inspected over ``conn`` and kept under it."""
    found = inspections.load(key)
    if isinstance(found, Catalog):
        return found
    catalog = inspect(conn, schemas)
    inspections.store(key, functools.partial(pickle.dumps, catalog, protocol=pickle.HIGHEST_PROTOCOL))
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


@dataclass(frozen=True)
class LiveSide:
    """The live half of a plan: the fingerprint (taken first: a change after it makes the plan stale), the
    planner's catalog and the differ's own reading of the live database."""

    fingerprint: str
    catalog: Catalog
    reading: object
    timings: dict[str, float]


def read_live(conn: Conn, live_url: str, schemas: tuple[str, ...], differ: Differ) -> LiveSide:
    """Read the live side of a plan over ``conn`` (and the differ's own connection to ``live_url``). While no DDL
    has been committed in the live database since an earlier plan read it (same fingerprint, same catalog stamp:
    livestate/stamp.py), both inspections are read from the cache instead (diff/inspections.py)."""
    timings: dict[str, float] = {}
    with timed(timings, "inspect_live"):
        fingerprint = catalog_fingerprint(conn, schemas)
        content = f"{fingerprint} {catalog_stamp(conn)}"
        catalog = _kept_inspection(
            conn, schemas, inspections.key(None, "catalog", schemas, code=("inspect",), content=content)
        )
    with timed(timings, "differ_inspect_live"):
        reading = differ.inspect(live_url, schemas, content=content)
    return LiveSide(fingerprint, catalog, reading, timings)


def _guarded(desired: DesiredSchema, notes: list[str] | None, timings: dict[str, float]) -> tuple[GuardedScript, Hints]:
    """The guarded script of ``desired`` and its planner hints (nothing has touched a database yet)."""
    with timed(timings, "guard"):
        script = desired_script(desired)
    if notes is not None:
        notes.extend(script.notes)
    # CREATE EXTENSION in spec.sql (or a .sql file) declares the extension as spec.extensions does.
    hints = replace(hints_for(desired), extensions=tuple(dict.fromkeys(desired.extensions + script.extensions)))
    return script, hints


@contextmanager
def desired_side(
    desired: DesiredSchema, shadow_server_url: str, notes: list[str] | None = None, *, shared: bool = True
) -> Iterator[DesiredSide]:
    """Guard ``desired``, materialise it in a shadow on ``shadow_server_url`` and inspect it; the shadow is
    dropped when the block ends. What the guard and the build want the user to know goes to ``notes``."""
    timings: dict[str, float] = {}
    script, hints = _guarded(desired, notes, timings)
    with (
        timed(timings, "shadow"),
        desired_database(
            shadow_server_url, script.statements, source=desired.source, notes=notes, cache_key=desired.schemas
        ) as database,
    ):
        with timed(timings, "inspect_desired"):
            catalog = inspect_desired(database.url, desired.schemas)
        yield DesiredSide(desired, script, hints, shadow_server_url, database, catalog, timings, shared)


def make_plan(
    desired: DesiredSchema,
    live_url: str,
    shadow_server_url: str,
    *,
    differ: Differ | None = None,
    live_conn: Conn | None = None,
) -> PlanResult:
    """Compute the plan that moves the database at ``live_url`` to ``desired``.

    ``shadow_server_url`` names a server (and a database to connect to there) on which a scratch
    database may be created and dropped. ``live_conn``, an open connection to ``live_url``, is used instead of
    opening one (``plan`` asks the no-op question and computes the plan on one connection).

    The live side does not depend on the shadow: once the guard has accepted the document, a worker thread reads
    the live database (fingerprint, catalog, the differ's reading) while the shadow is built, and then the
    differ's reading of the shadow while this thread inspects it for the planner. Most of that is waiting for
    the server (psycopg releases the GIL), so on two cores the reads cost little wall time. Errors keep their
    order: the guard's, then the shadow's, then the live database's.
    """
    differ = differ or default_differ()
    notes: list[str] = []
    timings: dict[str, float] = {}
    script, hints = _guarded(desired, notes, timings)
    renames = bool(hints.table_renames or hints.column_renames)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="schemawright-plan") as worker:
        live = worker.submit(_read_live_own, live_conn, live_url, desired.schemas, differ)
        try:
            with (
                timed(timings, "shadow"),
                desired_database(
                    shadow_server_url, script.statements, source=desired.source, notes=notes, cache_key=desired.schemas
                ) as database,
            ):
                ahead = worker.submit(_diff_ahead, differ, live, database.url, desired.schemas, live_url, renames)
                with timed(timings, "inspect_desired"):
                    catalog = inspect_desired(database.url, desired.schemas)
                side = DesiredSide(desired, script, hints, shadow_server_url, database, catalog, timings, shared=False)
                with timed(timings, "wait_live"):
                    conn, live_side = live.result()
                with timed(timings, "wait_differ"):
                    reading, diffed, ahead_timings = ahead.result()
                compared = _compare(side, live_url, differ, conn, live_side, reading, diffed)
                # the pure planner runs while this thread drops the shadow (a private one: a checkpoint)
                planned = worker.submit(_planned, side, live_side, compared)
            result = planned.result()
        finally:
            _close_own(live, live_conn)
    result.notes[:0] = notes
    result.timings = {**timings, **live_side.timings, **ahead_timings, **result.timings}
    return result


def _read_live_own(
    live_conn: Conn | None, live_url: str, schemas: tuple[str, ...], differ: Differ
) -> tuple[Conn, LiveSide]:
    """:func:`read_live` over ``live_conn``, or over a connection opened here (the caller closes it)."""
    conn = live_conn or connect(live_url)
    try:
        return conn, read_live(conn, live_url, schemas, differ)
    except BaseException:
        if conn is not live_conn:
            conn.close()
        raise


def _diff_ahead(
    differ: Differ,
    live: Future[tuple[Conn, LiveSide]],
    desired_url: str,
    schemas: tuple[str, ...],
    live_url: str,
    renames: bool,
) -> tuple[object, list[str] | None, dict[str, float]]:
    """The differ's reading of the desired database and, when the document renames nothing (so the shadow is
    diffed as it is), its diff against the live reading: what the planner's inspection of the shadow overlaps."""
    timings: dict[str, float] = {}
    with timed(timings, "differ_inspect_desired"):
        reading = differ.inspect(desired_url, schemas)
    if renames:
        return reading, None, timings
    _, live_side = live.result()  # read before this task by the same worker
    with timed(timings, "diff"):
        diffed = differ.diff(live_url, desired_url, schemas, live=live_side.reading, desired=reading)
    return reading, diffed, timings


def _close_own(live: Future[tuple[Conn, LiveSide]], live_conn: Conn | None) -> None:
    """Close the connection :func:`_read_live_own` opened (once it is done; its failure was or will be reported
    by whoever asked for its result, or is hidden by the error that ended the plan first)."""
    try:
        conn, _ = live.result()
    except BaseException:
        return
    if conn is not live_conn:
        conn.close()


@dataclass(frozen=True)
class _Compared:
    """The differ's statements for one target, normalisation noise left out, and what goes with them."""

    raw: list[str]
    noise: list[Noise]
    timings: dict[str, float]
    notes: list[str]


def plan_against(
    side: DesiredSide,
    live_url: str,
    *,
    differ: Differ | None = None,
    live_conn: Conn | None = None,
    live: LiveSide | None = None,
) -> PlanResult:
    """The plan that moves the database at ``live_url`` (or ``live_conn``, an open connection to it) to the
    desired side (thread-safe: the shared desired database is only read; a target with pending renames gets a
    copy of its own with the live names restored). ``live`` is the live side when already read over
    ``live_conn``."""
    if live_conn is None:
        with connect(live_url) as conn:
            return plan_against(side, live_url, differ=differ, live_conn=conn, live=live)
    differ = differ or default_differ()
    live = live or read_live(live_conn, live_url, side.desired.schemas, differ)
    return _planned(side, live, _compare(side, live_url, differ, live_conn, live, None, None))


def _compare(
    side: DesiredSide,
    live_url: str,
    differ: Differ,
    conn: Conn,
    live: LiveSide,
    desired_reading: object | None,
    diffed: list[str] | None,
) -> _Compared:
    """Diff ``live`` against the desired side and drop the noise; ``desired_reading`` and ``diffed`` are the
    differ's reading of the side's database and its diff against ``live`` when taken ahead (used only when no
    rename is pending: then the shadow is diffed as it is)."""
    desired = side.desired
    timings = dict(live.timings)
    notes: list[str] = []
    missing = missing_casts(conn, live.catalog, side.catalog)
    if missing:
        raise PlanError(_no_cast_message(missing, side.hints))
    if side.script.dynamic_triggers:
        notes.append(applying_role_note(conn, side.script.dynamic_triggers))
    # The desired database holds the schema as written (inspected for the planner); when renames are pending,
    # the renamed objects get their live names back in a copy of this target's own, so the differ sees no
    # drop+add (and reads that copy itself).
    reverse = reverse_statements(side.hints, live.catalog, side.catalog)
    with _diff_shadow(side, reverse) as shadow:
        if diffed is None or reverse:
            with timed(timings, "diff"):
                reading = None if reverse else desired_reading
                diffed = differ.diff(live_url, shadow, desired.schemas, live=live.reading, desired=reading)
        with timed(timings, "normalise"):
            # migra compares printed definitions; drop what only prints differently (diff/normalise.py)
            raw, noise = filter_noise(diffed, live.catalog, side.catalog, shadow)
    return _Compared(raw, noise, timings, notes)


def _no_cast_message(missing: list[MissingCast], hints: Hints) -> str:
    """Which columns cannot change type in place, and the ways to make the change."""
    lines = []
    for m in missing:
        column = f"{m.table[0]}.{m.table[1]}.{m.column}"
        path = hints.paths.get((*m.table, m.column))
        lines.append(
            f"{f'{path} ({column})' if path else column}: {m.old} -> {m.new} cannot be done in place: PostgreSQL "
            f"has no cast from {m.old} to {m.new}."
        )
    lines.append(
        "Nothing was changed. Declare the new column beside the old one (with `backfill:` saying how to fill it), "
        "move the application to it, and drop the old one in a later release; or, if the data may go, drop the "
        "column in one release and add it with the new type in the next."
    )
    return "\n".join(lines)


def _planned(side: DesiredSide, live: LiveSide, compared: _Compared) -> PlanResult:
    """The pure planner's plan from the compared statements and both catalogs."""
    desired = side.desired
    timings = dict(compared.timings)
    with timed(timings, "plan"):
        plan = build_plan(
            compared.raw, live.catalog, side.catalog, side.hints, source=desired.source, schemas=desired.schemas
        )
        plan = replace(plan, execution=execution_of(desired), fingerprint=live.fingerprint)
    return PlanResult(
        plan=plan,
        live=live.catalog,
        desired=side.catalog,
        diff=compared.raw,
        noise=compared.noise,
        timings=timings,
        notes=compared.notes,
    )


@contextmanager
def _diff_shadow(side: DesiredSide, reverse: list[str]) -> Iterator[str]:
    if not reverse:
        yield side.database.url
        return
    if side.shared and side.database.private:  # other targets read this one: build a copy to rename in
        copy = shadow_database(side.shadow_server_url, side.script.statements, source=side.desired.source, reuse=False)
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


def raw_diff(
    desired: DesiredSchema, live_url: str, shadow_server_url: str, *, differ: Differ | None = None
) -> list[str]:
    """The differ's own output, before the planner (``schemawright diff``)."""
    differ = differ or default_differ()
    statements = desired_statements(desired)
    with desired_database(shadow_server_url, statements, source=desired.source, cache_key=desired.schemas) as shadow:
        return differ.diff(live_url, shadow.url, desired.schemas)


def execution_of(desired: DesiredSchema) -> ExecutionPolicy:
    """The document's execution policy as a plan carries it (``Plan.execution``)."""
    p = desired.policy
    return ExecutionPolicy(
        lock_timeout_ms=p.lock_timeout_ms,
        statement_timeout_ms=p.statement_timeout_ms,
        long_statement_timeout_ms=p.long_statement_timeout_ms,
        lock_retry_timeout_ms=p.lock_retry_timeout_ms,
        backfill_pause_ms=p.backfill_pause_ms,
    )
