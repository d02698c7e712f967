"""The engine: what the CLI and the operator both call. Load → guard → shadow → diff → plan → apply.

I/O happens here and in the adapters it calls; the planner itself stays pure.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg

from schemawright import sqlguard
from schemawright.catalog import Catalog
from schemawright.diff import Differ, default_differ
from schemawright.errors import DatabaseError
from schemawright.inspect import inspect
from schemawright.plan import Hints, Plan, build_plan, reverse_statements
from schemawright.shadow import shadow_database
from schemawright.spec import DesiredSchema, render
from schemawright.urls import mask


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
                 paths=paths, default_schema=desired.default_schema)


def desired_statements(desired: DesiredSchema) -> list[str]:
    """The desired DDL, every statement accepted by the SQL guard (nothing has touched a database yet)."""
    rendered = render(desired)
    sqlguard.check_script(";\n".join(rendered), origin=f"{desired.source} (rendered from spec.tables)",
                          allowed_extensions=sqlguard.DEFAULT_EXTENSIONS)
    extra = sqlguard.check_script(desired.sql, origin=f"{desired.source}: spec.sql",
                                  allowed_extensions=set(desired.extensions) & sqlguard.DEFAULT_EXTENSIONS
                                  ) if desired.sql.strip() else []
    return rendered + extra


def connect(url: str) -> psycopg.Connection[tuple[object, ...]]:
    """An autocommit connection for schemawright's own work, or a clear error (password masked)."""
    try:
        return psycopg.connect(url, autocommit=True, application_name="schemawright")
    except psycopg.Error as exc:
        raise DatabaseError(f"cannot connect to {mask(url)}: {str(exc).strip()}") from exc


def inspect_url(url: str, schemas: tuple[str, ...]) -> Catalog:
    """Inspect the database at ``url``."""
    with connect(url) as conn:
        return inspect(conn, schemas)


@dataclass
class PlanResult:
    """A plan and what it was computed from."""

    plan: Plan
    live: Catalog
    desired: Catalog
    diff: list[str]
    timings: dict[str, float] = field(default_factory=dict)


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def make_plan(desired: DesiredSchema, live_url: str, shadow_server_url: str, *,
              differ: Differ | None = None) -> PlanResult:
    """Compute the plan that moves the database at ``live_url`` to ``desired``.

    ``shadow_server_url`` names a server (and a database to connect to there) on which a scratch
    database may be created and dropped.
    """
    differ = differ or default_differ()
    timings: dict[str, float] = {}
    with _timed(timings, "guard"):
        statements = desired_statements(desired)
    hints = hints_for(desired)
    with _timed(timings, "inspect_live"):
        live = inspect_url(live_url, desired.schemas)
    # The shadow first holds the desired schema as written (inspected for the planner), then, when
    # renames are pending, the renamed objects get their live names back so the differ sees no drop+add.
    with _timed(timings, "shadow"), shadow_database(shadow_server_url, statements, source=desired.source) as shadow:
        with _timed(timings, "inspect_desired"):
            desired_catalog = inspect_url(shadow, desired.schemas)
        reverse = reverse_statements(hints, live, desired_catalog)
        if reverse:
            with connect(shadow) as conn:
                for statement in reverse:
                    conn.execute(statement.encode())
        with _timed(timings, "diff"):
            raw = differ.diff(live_url, shadow, desired.schemas)
    with _timed(timings, "plan"):
        plan = build_plan(raw, live, desired_catalog, hints, source=desired.source, schemas=desired.schemas)
    return PlanResult(plan=plan, live=live, desired=desired_catalog, diff=raw, timings=timings)


def raw_diff(desired: DesiredSchema, live_url: str, shadow_server_url: str, *,
             differ: Differ | None = None) -> list[str]:
    """The differ's own output, before the planner (``schemawright diff``)."""
    differ = differ or default_differ()
    statements = desired_statements(desired)
    with shadow_database(shadow_server_url, statements, source=desired.source) as shadow:
        return differ.diff(live_url, shadow, desired.schemas)


ProgressCallback = Callable[[str, int, int], None]
