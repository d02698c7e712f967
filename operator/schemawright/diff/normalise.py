"""Normalisation noise: what migra reports for objects that are the same in both databases.

PostgreSQL stores expressions as trees and prints them back (``pg_get_expr``, ``pg_get_constraintdef``,
``pg_get_indexdef``, ``pg_get_viewdef``). Printing is not idempotent: ``s IN ('a', 'b')`` on a ``varchar``
column prints as ``(s)::text = ANY ((ARRAY['a'::character varying, …])::text[])``, and that text, read back
(which is what ``pg_dump`` and restoring it do), prints as ``ARRAY[('a'::character varying)::text, …]``.
migra compares the texts, so a schema restored from its own dump "differs" in every check constraint,
partial index, view and column default that uses such an expression, and the planner would rebuild them.

The test for "the same" is PostgreSQL's own: both texts are printed through the server once more, in a
scratch copy of the object inside the shadow database (never the live one), until the print is stable; equal
prints mean the same object, and every statement migra emitted for it is dropped. A real difference prints
differently and is kept. Kinds handled: check constraints, indexes, views, column defaults
(docs/adopting.md lists them with examples).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import psycopg
from psycopg import sql

from schemawright.connect.db import connect
from schemawright.inspect.catalog import Catalog

_ID = r'"(?:[^"]|"")+"|[A-Za-z_][\w$]*'
_QUAL = rf"(?P<schema>{_ID})\.(?P<name>{_ID})"
_CONSTRAINT = re.compile(rf"^alter table (?:only )?{_QUAL} (?:drop|add|validate) constraint (?P<con>{_ID})", re.I)
_DEFAULT = re.compile(rf"^alter table (?:only )?{_QUAL} alter column (?P<col>{_ID}) (?:set|drop) default", re.I)
_VIEW = re.compile(rf"^(?:create(?: or replace)?|drop) (?:materialized )?view (?:if exists )?{_QUAL}", re.I)
_DROP_INDEX = re.compile(rf"^drop index (?:concurrently )?(?:if exists )?{_QUAL}", re.I)
_CREATE_INDEX = re.compile(
    rf"^create (?:unique )?index (?:concurrently )?(?:if not exists )?(?P<name>{_ID}) on "
    rf"(?:only )?(?P<schema>{_ID})\.",
    re.I,
)
_INDEX_TARGET = re.compile(rf"^(CREATE (?:UNIQUE )?INDEX) (?:{_ID}) ON (ONLY )?(?:{_ID})\.(?:{_ID}) (USING .*)$", re.S)


@dataclass(frozen=True)
class Noise:
    """The statements dropped for one object, and which kind of noise it was."""

    kind: str  # "check" | "index" | "view" | "default"
    object: str
    statements: tuple[str, ...]


def _unquote(identifier: str) -> str:
    return identifier[1:-1].replace('""', '"') if identifier.startswith('"') else identifier.lower()


def object_of(statement: str) -> tuple[str, tuple[str, ...]] | None:
    """The object a migra statement is about, as (kind, key), or None when it is not a kind we normalise."""
    s = statement.strip()
    if m := _CONSTRAINT.match(s):
        return "constraint", (_unquote(m["schema"]), _unquote(m["name"]), _unquote(m["con"]))
    if m := _DEFAULT.match(s):
        return "default", (_unquote(m["schema"]), _unquote(m["name"]), _unquote(m["col"]))
    if m := _VIEW.match(s):
        return "view", (_unquote(m["schema"]), _unquote(m["name"]))
    if m := _DROP_INDEX.match(s):
        return "index", (_unquote(m["schema"]), _unquote(m["name"]))
    if m := _CREATE_INDEX.match(s):
        return "index", (_unquote(m["schema"]), _unquote(m["name"]))
    return None


class _Printer:
    """Prints definitions through PostgreSQL in scratch objects of the shadow database, rolled back."""

    def __init__(self, conn: psycopg.Connection[tuple[object, ...]]) -> None:
        self.conn = conn

    def _scratch(self, build: Callable[[psycopg.Cursor[tuple[object, ...]]], str]) -> str | None:
        """Run ``build`` in a transaction that is always rolled back; None when PostgreSQL refuses the text."""
        try:
            with self.conn.transaction(force_rollback=True), self.conn.cursor() as cur:
                cur.execute("SET TRANSACTION READ WRITE")  # a shared template is read-only; this is rolled back
                return build(cur)
        except psycopg.Error:
            return None

    def _table_copy(self, cur: psycopg.Cursor[tuple[object, ...]], schema: str, table: str) -> None:
        cur.execute(sql.SQL("CREATE TEMP TABLE sw_norm (LIKE {}) ON COMMIT DROP").format(sql.Identifier(schema, table)))

    def check(self, schema: str, table: str, definition: str) -> str | None:
        def build(cur: psycopg.Cursor[tuple[object, ...]]) -> str:
            self._table_copy(cur, schema, table)
            cur.execute(
                f"ALTER TABLE sw_norm ADD CONSTRAINT sw_norm_check {definition.removesuffix(' NOT VALID')} "
                "NOT VALID".encode()
            )
            row = cur.execute(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'sw_norm'"
                "::regclass AND conname = 'sw_norm_check'"
            ).fetchone()
            return str(row[0]) if row else ""

        return self._scratch(build)

    def default(self, schema: str, table: str, column: str, expression: str) -> str | None:
        def build(cur: psycopg.Cursor[tuple[object, ...]]) -> str:
            self._table_copy(cur, schema, table)
            cur.execute(
                sql.SQL("ALTER TABLE sw_norm ALTER COLUMN {} SET DEFAULT ").format(sql.Identifier(column)).as_bytes(cur)
                + expression.encode()
            )
            row = cur.execute(
                "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef d JOIN pg_attribute a ON "
                "a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = 'sw_norm'::regclass "
                "AND a.attname = %s",
                (column,),
            ).fetchone()
            return str(row[0]) if row else ""

        return self._scratch(build)

    def index(self, schema: str, table: str, definition: str) -> str | None:
        m = _INDEX_TARGET.match(definition.strip().rstrip(";"))
        if m is None:
            return None
        head, only, tail = m.group(1), m.group(2) or "", m.group(3)

        def build(cur: psycopg.Cursor[tuple[object, ...]]) -> str:
            self._table_copy(cur, schema, table)
            cur.execute(f"{head} sw_norm_index ON {only}sw_norm {tail}".encode())
            row = cur.execute("SELECT pg_get_indexdef('sw_norm_index'::regclass)").fetchone()
            # the same header every round, so the print can be printed again
            return f"{head} i ON {only}s.t USING {str(row[0]).split(' USING ', 1)[1]}" if row else ""

        return self._scratch(build)

    def view(self, definition: str) -> str | None:
        kind, _, body = definition.partition(": ")  # inspect's form: "VIEW <options>: <definition>"
        if "MATERIALIZED" in kind:
            return None  # a materialized view holds data: never treated as noise

        def build(cur: psycopg.Cursor[tuple[object, ...]]) -> str:
            cur.execute(f"CREATE TEMP VIEW sw_norm_view AS {body.strip().rstrip(';')}".encode())
            row = cur.execute("SELECT pg_get_viewdef('sw_norm_view'::regclass)").fetchone()
            return f"{kind}: {row[0]}" if row else ""

        return self._scratch(build)


def _stable(print_once: Callable[[str], str | None], text: str) -> str | None:
    """Print ``text`` through PostgreSQL until the print no longer changes (at most three rounds)."""
    current: str | None = text
    for _ in range(3):
        assert current is not None
        printed = print_once(current)
        if printed is None or printed == current:
            return printed
        current = printed
    return current


def _same(print_once: Callable[[str], str | None], live: str | None, desired: str | None) -> bool:
    """True when the two texts differ but print the same. Equal texts are never noise: migra then re-creates
    the object for another reason (a view or index over a column whose type changes), which must stay."""
    if live is None or desired is None or live == desired:
        return False
    a, b = _stable(print_once, live), _stable(print_once, desired)
    return a is not None and a == b


def _is_same(printer: _Printer, kind: str, key: tuple[str, ...], live: Catalog, desired: Catalog) -> bool:
    if kind == "constraint":
        a, b = live.constraints.get((key[0], key[1], key[2])), desired.constraints.get((key[0], key[1], key[2]))
        if (
            a is None
            or b is None
            or a.kind != b.kind
            or a.kind != "c"
            or (a.validated, a.enforced) != (b.validated, b.enforced)
        ):
            return False
        return _same(lambda d: printer.check(key[0], key[1], d), a.definition, b.definition)
    if kind == "default":
        ta, tb = live.tables.get((key[0], key[1])), desired.tables.get((key[0], key[1]))
        ca = ta.columns.get(key[2]) if ta else None
        cb = tb.columns.get(key[2]) if tb else None
        if ca is None or cb is None or ca.generated or cb.generated:
            return False
        return _same(lambda d: printer.default(key[0], key[1], key[2], d), ca.default, cb.default)
    if kind == "view":
        va, vb = live.views.get((key[0], key[1])), desired.views.get((key[0], key[1]))
        return _same(printer.view, va, vb)
    ia, ib = live.indexes.get((key[0], key[1])), desired.indexes.get((key[0], key[1]))
    if ia is None or ib is None or ia.table != ib.table or ia.constraint or ib.constraint or (ia.valid != ib.valid):
        return False
    return _same(lambda d: printer.index(key[0], ia.table, d), ia.definition, ib.definition)


def filter_noise(
    statements: Sequence[str], live: Catalog, desired: Catalog, shadow_url: str
) -> tuple[list[str], list[Noise]]:
    """``statements`` without those about objects that are the same in ``live`` and ``desired`` (compared by
    printing both definitions through PostgreSQL in the shadow database); also what was dropped, per object."""
    groups: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for number, statement in enumerate(statements):
        found = object_of(statement)
        if found is not None:
            groups.setdefault(found, []).append(number)
    if not groups:
        return list(statements), []
    dropped: set[int] = set()
    noise: list[Noise] = []
    with connect(shadow_url) as conn:
        printer = _Printer(conn)
        for (kind, key), numbers in groups.items():
            if _is_same(printer, kind, key, live, desired):
                dropped.update(numbers)
                label = "check" if kind == "constraint" else kind
                noise.append(Noise(label, ".".join(key), tuple(statements[n] for n in numbers)))
    return [s for n, s in enumerate(statements) if n not in dropped], noise
