"""Access patterns in the shadow database: ``EXPLAIN (GENERIC_PLAN)`` of every ``spec.accessPatterns[]``
query with sequential scans discouraged (``enable_seqscan = off``).

The queries come from the document: :func:`schemawright.guard.check_query` accepts each one before any
database sees it, and they are only ever planned (EXPLAIN without ANALYZE), never executed, in a transaction
that is rolled back, in the scratch database.

Which indexes *could* serve a pattern: the planner picks one index per scan, so after the first plan the
indexes it used are dropped (inside the rolled-back transaction) and the query planned again, until no
index is used. Every index used along the way can serve the pattern; an index no pattern can use is the
linter's "unused index".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg

from schemawright.inspect.catalog import Catalog, Index
from schemawright.lint.plans import PatternResult, unserved_scans, used_indexes
from schemawright.plan.names import ident
from schemawright.spec.model import AccessPattern

MAX_ROUNDS = 8  # re-plans per pattern while looking for the indexes that could serve it
STATEMENT_TIMEOUT = "10s"  # planning a query never takes this long; a runaway plan-time function would


def explain_patterns(
    url: str, patterns: Sequence[AccessPattern], catalog: Catalog, schemas: Sequence[str] = ("public",)
) -> tuple[PatternResult, ...]:
    """Plan every pattern in the (shadow) database at ``url``; ``catalog`` is that database's catalog.
    Unqualified names in the queries are looked up in the managed ``schemas``, in order, then in public
    (where extensions' types and operators usually are)."""
    if not patterns:
        return ()
    search_path = ", ".join(ident(s) for s in [*schemas, *(["public"] if "public" not in schemas else [])])
    with psycopg.connect(url, autocommit=True, application_name="schemawright-lint") as conn:
        return tuple(_explain(conn, pattern, catalog, search_path) for pattern in patterns)


def _explain(
    conn: psycopg.Connection[tuple[Any, ...]], pattern: AccessPattern, catalog: Catalog, search_path: str
) -> PatternResult:
    query = pattern.query.strip().rstrip(";")
    try:
        with conn.transaction(force_rollback=True):
            conn.execute("SET LOCAL enable_seqscan = off")
            conn.execute(f"SET LOCAL statement_timeout = '{STATEMENT_TIMEOUT}'".encode())
            conn.execute(f"SET LOCAL search_path = {search_path}".encode())
            text = "\n".join(str(r[0]) for r in conn.execute(f"EXPLAIN (GENERIC_PLAN) {query}".encode()))
            root = _plan(conn, query)
            used = _roots(used_indexes(root), catalog)
            servable = set(used) | _servable(conn, query, used, catalog)
    except psycopg.Error as exc:
        message = (exc.diag.message_primary or str(exc)).strip()
        return PatternResult(pattern=pattern, error=message)
    return PatternResult(
        pattern=pattern,
        explain=text,
        unserved=tuple(unserved_scans(root)),
        used=frozenset(used),
        servable=frozenset(servable),
    )


def _plan(conn: psycopg.Connection[tuple[Any, ...]], query: str) -> dict[str, Any]:
    row = conn.execute(f"EXPLAIN (GENERIC_PLAN, VERBOSE, FORMAT JSON) {query}".encode()).fetchone()
    data = row[0] if row else []
    return dict(data[0]["Plan"]) if data else {}


def _servable(
    conn: psycopg.Connection[tuple[Any, ...]], query: str, first: set[tuple[str, str]], catalog: Catalog
) -> set[tuple[str, str]]:
    """Indexes the planner turns to once the ones it preferred are gone (dropped in a savepoint)."""
    found: set[tuple[str, str]] = set()
    latest = set(first)
    try:
        with conn.transaction():  # a savepoint: everything dropped here comes back
            for _round in range(MAX_ROUNDS):
                if not latest:
                    break
                for key in sorted(latest):
                    index = catalog.indexes.get(key)
                    if index is not None:
                        conn.execute(_drop(index).encode())
                latest = _roots(used_indexes(_plan(conn, query)), catalog) - found - first
                found |= latest
            raise _Undo
    except (_Undo, psycopg.Error):
        pass  # a drop PostgreSQL refuses only ends the search early
    return found


class _Undo(Exception):
    """Leaves the savepoint by rolling it back."""


def _roots(keys: set[tuple[str, str]], catalog: Catalog) -> set[tuple[str, str]]:
    """Partition indexes replaced by the partitioned index they belong to."""
    roots = set()
    for key in keys:
        index = catalog.indexes.get(key)
        while index is not None and index.parent is not None and index.parent in catalog.indexes:
            key, index = index.parent, catalog.indexes[index.parent]
        roots.add(key)
    return roots


def _drop(index: Index) -> str:
    """The statement that removes ``index`` (its constraint, when it backs one), with what depends on it."""
    if index.constraint:
        return f"ALTER TABLE {ident(index.schema, index.table)} DROP CONSTRAINT {ident(index.constraint)} CASCADE"
    return f"DROP INDEX {ident(index.schema, index.name)} CASCADE"
