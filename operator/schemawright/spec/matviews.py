"""Materialized views a document declares, and the checks on ``spec.refresh[]`` (no database needed).

Materialized views live in ``spec.sql``; their indexes too. Both are read from the parse tree (postgast, the
PostgreSQL 18 parser), so ``schemawright validate`` can say before anything runs whether a refresh schedule
names a real materialized view and whether ``REFRESH ... CONCURRENTLY`` will be possible.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import postgast
from postgast import pg_query_pb2 as pb

from schemawright.errors import Problem
from schemawright.guard.nodes import range_name
from schemawright.spec.durations import format_duration_ms
from schemawright.spec.model import DesiredSchema

MIN_EVERY_MS = 60_000
SHORT_REFRESH_FLAG = "--allow-short-refresh"


@dataclass(frozen=True)
class DeclaredIndex:
    """An index ``spec.sql`` creates on a materialized view, as far as REFRESH CONCURRENTLY cares."""

    name: str
    unique: bool
    method: str
    partial: bool
    plain_columns: bool  # every key (and INCLUDE column) is a column, no expression


@dataclass(frozen=True)
class DeclaredView:
    """A view ``spec.sql`` creates: materialized or plain, with the indexes created on it."""

    schema: str
    name: str
    materialized: bool
    indexes: tuple[DeclaredIndex, ...] = ()

    def refreshable_concurrently(self) -> bool:
        """PostgreSQL's condition: a unique btree index without WHERE whose keys are all plain columns."""
        return any(i.unique and i.method == "btree" and not i.partial and i.plain_columns for i in self.indexes)


def _index(stmt: pb.IndexStmt) -> DeclaredIndex:
    elements = [*stmt.index_params, *stmt.index_including_params]
    return DeclaredIndex(
        name=stmt.idxname,
        unique=stmt.unique,
        method=(stmt.access_method or "btree").lower(),
        partial=stmt.HasField("where_clause"),
        plain_columns=all(e.index_elem.name and not e.index_elem.HasField("expr") for e in elements),
    )


def declared_views(sql: str, default_schema: str) -> dict[tuple[str, str], DeclaredView] | None:
    """Every view ``sql`` creates, keyed by ``(schema, name)`` (unqualified: ``default_schema``), with the indexes
    created on it; None when the script does not parse (the guard reports that)."""
    if not sql.strip():
        return {}
    try:
        tree = postgast.parse(sql)
    except postgast.PgQueryError:
        return None
    views: dict[tuple[str, str], DeclaredView] = {}
    indexes: list[tuple[tuple[str, str], DeclaredIndex]] = []
    for raw in tree.stmts:
        node = raw.stmt
        which = node.WhichOneof("node")
        if which == "create_table_as_stmt" and node.create_table_as_stmt.objtype == pb.OBJECT_MATVIEW:
            rel = node.create_table_as_stmt.into.rel
            key = range_name(rel, default_schema)
            views[key] = DeclaredView(key[0], key[1], materialized=True)
        elif which == "view_stmt":
            rel = node.view_stmt.view
            key = range_name(rel, default_schema)
            views[key] = DeclaredView(key[0], key[1], materialized=False)
        elif which == "index_stmt":
            rel = node.index_stmt.relation
            indexes.append((range_name(rel, default_schema), _index(node.index_stmt)))
    for key, index in indexes:
        view = views.get(key)
        if view is not None:
            views[key] = DeclaredView(view.schema, view.name, view.materialized, (*view.indexes, index))
    return views


def _names(keys: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"{s}.{n}" for s, n in sorted(keys)) or "none"


def check_refresh(desired: DesiredSchema) -> list[Problem]:
    """Every problem of ``spec.refresh[]``: unknown or non-materialized views, CONCURRENTLY without a usable unique
    index, duplicates, and intervals under a minute (unless the platform allows them)."""
    if not desired.refresh:
        return []
    # With spec.sqlFrom the views live in ConfigMaps only the operator reads: their names are checked when applied.
    from_config_maps = bool((desired.document.get("spec") or {}).get("sqlFrom"))
    views = None if from_config_maps else declared_views(desired.sql, desired.default_schema)
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for item in desired.refresh:
        if item.qualified in seen:
            problems.append(
                Problem(
                    f"{item.path}.view",
                    repr(item.qualified),
                    f"each view scheduled once ({seen[item.qualified]} schedules it too)",
                )
            )
        seen.setdefault(item.qualified, item.path)
        if item.every_ms < MIN_EVERY_MS and not desired.overrides.short_refresh:
            problems.append(
                Problem(
                    f"{item.path}.every",
                    format_duration_ms(item.every_ms),
                    f"at least 1m (a shorter interval needs the platform's {SHORT_REFRESH_FLAG})",
                )
            )
        if item.every_ms == 0 or item.timeout_ms == 0:
            field = "every" if item.every_ms == 0 else "timeout"
            problems.append(Problem(f"{item.path}.{field}", "0s", "a duration greater than zero"))
        if views is None:
            continue  # spec.sql does not parse: its own problem is reported by the guard
        view = views.get((item.schema, item.view))
        if view is None:
            kind = "a table" if desired.table(item.schema, item.view) else "no such view"
            materialized = [k for k, v in views.items() if v.materialized]
            problems.append(
                Problem(
                    f"{item.path}.view",
                    f"{item.qualified}: {kind}",
                    "a materialized view created in spec.sql (CREATE MATERIALIZED VIEW); declared: "
                    + _names(materialized),
                )
            )
        elif not view.materialized:
            problems.append(
                Problem(
                    f"{item.path}.view",
                    f"{item.qualified}: a plain view",
                    "a materialized view: a plain view is computed on every read and needs no refresh",
                )
            )
        elif item.concurrently and not view.refreshable_concurrently():
            problems.append(
                Problem(
                    f"{item.path}.concurrently",
                    f"true, but {item.qualified} has no unique index usable by REFRESH CONCURRENTLY",
                    f"CREATE UNIQUE INDEX ... ON {item.qualified} (column, ...) in spec.sql: btree, plain columns only, "
                    "no WHERE clause (PostgreSQL's condition); or concurrently: false (readers then wait for the "
                    "refresh)",
                )
            )
    return problems
