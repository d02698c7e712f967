"""What a query (or an expression from an EXPLAIN plan) does with columns: compares them for equality,
ranges over them, sorts by them, tests JSON containment, pattern-matches them.

Parsed with postgast (the PostgreSQL 18 parser), never with regular expressions. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

import postgast
from postgast import pg_query_pb2 as pb

Use = Literal["eq", "range", "sort", "contains", "exists", "like", "null"]

_OPERATOR_USE: dict[str, Use] = {
    "=": "eq",
    "<": "range",
    ">": "range",
    "<=": "range",
    ">=": "range",
    "@>": "contains",
    "<@": "contains",
    "@?": "contains",
    "@@": "contains",
    "?": "exists",
    "?|": "exists",
    "?&": "exists",
    "~~": "like",
    "~~*": "like",
    "~": "like",
    "~*": "like",
}
_OPERATOR_KINDS = (pb.AEXPR_OP, pb.AEXPR_OP_ANY)  # a = b, a = ANY(b)
_KIND_USE: dict[int, Use] = {
    pb.AEXPR_IN: "eq",
    pb.AEXPR_BETWEEN: "range",
    pb.AEXPR_NOT_BETWEEN: "range",
    pb.AEXPR_LIKE: "like",
    pb.AEXPR_ILIKE: "like",
}


@dataclass(frozen=True)
class ColumnUse:
    """A column the query uses in a way an index could serve."""

    qualifier: str | None  # the table or alias written before the column, if any
    column: str
    use: Use
    operator: str = ""
    descending: bool = False


@dataclass(frozen=True)
class Relation:
    """A table (or view) the query reads or writes, as written."""

    schema: str | None
    name: str
    alias: str | None = None

    @property
    def ref(self) -> str:
        """How columns refer to it: its alias, else its name."""
        return self.alias or self.name


@dataclass(frozen=True)
class QueryShape:
    """The relations of a query and the column uses in it."""

    relations: tuple[Relation, ...]
    uses: tuple[ColumnUse, ...]


def analyze_query(sql: str) -> QueryShape | None:
    """The relations and column uses of ``sql`` (None when it does not parse)."""
    try:
        tree = postgast.parse(sql)
    except postgast.PgQueryError:
        return None
    relations = tuple(
        Relation(schema=r.schemaname or None, name=r.relname, alias=r.alias.aliasname if r.HasField("alias") else None)
        for r in postgast.find_nodes(tree, pb.RangeVar)
    )
    return QueryShape(relations=relations, uses=tuple(_uses(tree)))


def expression_uses(expression: str) -> list[ColumnUse]:
    """The column uses of one boolean expression, e.g. an EXPLAIN ``Filter`` or ``Hash Cond``."""
    try:
        tree = postgast.parse(f"SELECT 1 WHERE {expression}")
    except postgast.PgQueryError:
        return []
    return list(_uses(tree))


def sort_uses(keys: Iterable[str]) -> list[ColumnUse]:
    """The column uses of EXPLAIN ``Sort Key`` entries (``o.created_at DESC``)."""
    uses: list[ColumnUse] = []
    for key in keys:
        try:
            tree = postgast.parse(f"SELECT 1 ORDER BY {key}")
        except postgast.PgQueryError:
            continue
        uses += _uses(tree)
    return uses


def _column(node: pb.Node) -> tuple[str | None, str] | None:
    """``(qualifier, column)`` when ``node`` is a plain column reference (possibly cast)."""
    which = node.WhichOneof("node")
    if which == "type_cast":
        return _column(node.type_cast.arg)
    if which != "column_ref":
        return None
    parts = [f.string.sval for f in node.column_ref.fields if f.WhichOneof("node") == "string"]
    if not parts or len(parts) != len(node.column_ref.fields):
        return None  # t.* and the like
    return (parts[-2] if len(parts) >= 2 else None, parts[-1])


def _uses(tree: object) -> Iterator[ColumnUse]:
    for _field, message in postgast.walk(tree):
        if isinstance(message, pb.A_Expr):
            operator = message.name[-1].string.sval if message.name else ""
            use = _KIND_USE.get(message.kind) or (
                _OPERATOR_USE.get(operator) if message.kind in _OPERATOR_KINDS else None
            )
            if use is None:
                continue
            for side in (message.lexpr, message.rexpr):
                found = _column(side)
                if found is not None:
                    yield ColumnUse(qualifier=found[0], column=found[1], use=use, operator=operator)
        elif isinstance(message, pb.SortBy):
            found = _column(message.node)
            if found is not None:
                yield ColumnUse(
                    qualifier=found[0], column=found[1], use="sort", descending=message.sortby_dir == pb.SORTBY_DESC
                )
        elif isinstance(message, pb.NullTest) and message.nulltesttype == pb.IS_NULL:
            found = _column(message.arg)
            if found is not None:
                yield ColumnUse(qualifier=found[0], column=found[1], use="null", operator="IS NULL")
