"""Structured views of catalog objects the lint rules reason about, parsed from the SQL PostgreSQL prints.

The catalog keeps index and constraint definitions as ``pg_get_indexdef``/``pg_get_constraintdef`` text;
parsing that canonical text with postgast (the PostgreSQL 18 parser) gives the keys, operator classes,
predicates and foreign-key columns without another catalog query. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import postgast
from postgast import pg_query_pb2 as pb

from schemawright.inspect.catalog import Constraint, Index, QualifiedName


@dataclass(frozen=True)
class IndexKey:
    """One key of an index: a plain column, or an expression (``column`` is None)."""

    column: str | None
    opclass: str | None = None
    descending: bool = False


@dataclass(frozen=True)
class IndexShape:
    """An index with its keys, method, INCLUDE columns and predicate."""

    schema: str
    name: str
    table: str
    method: str
    unique: bool
    keys: tuple[IndexKey, ...]
    include: tuple[str, ...] = ()
    predicate: str | None = None  # the WHERE clause, as PostgreSQL prints it
    null_columns: frozenset[str] = frozenset()  # columns the predicate requires to be NULL (``x IS NULL AND …``)
    constraint: str | None = None
    parent: QualifiedName | None = None
    valid: bool = True

    @property
    def qualified(self) -> str:
        """``schema.name``."""
        return f"{self.schema}.{self.name}"

    @property
    def plain_columns(self) -> bool:
        """True when every key is a plain column (no expression)."""
        return all(k.column is not None for k in self.keys)

    def leads_with(self, columns: Iterable[str]) -> bool:
        """True when the first ``len(columns)`` keys are exactly ``columns`` (in any order)."""
        wanted = set(columns)
        lead = [k.column for k in self.keys[: len(wanted)]]
        return len(lead) == len(wanted) and None not in lead and set(lead) == wanted

    def key_opclass(self, column: str) -> str | None:
        """The operator class of the key on ``column`` ("" when it uses the default), or None if no such key."""
        for key in self.keys:
            if key.column == column:
                return key.opclass or ""
        return None


@dataclass(frozen=True)
class ForeignKeyShape:
    """A foreign key: its columns and the referenced table and columns."""

    schema: str
    table: str
    name: str
    columns: tuple[str, ...]
    ref_table: QualifiedName | None
    ref_columns: tuple[str, ...]
    inherited: bool = False


def index_shape(index: Index) -> IndexShape | None:
    """The shape of ``index``, or None when its definition does not parse (it always should)."""
    stmt = _parse_index(index.definition)
    if stmt is None:
        return None
    keys = tuple(
        IndexKey(
            column=elem.name or None,
            opclass=".".join(o.string.sval for o in elem.opclass) or None,
            descending=elem.ordering == pb.SORTBY_DESC,
        )
        for elem in (p.index_elem for p in stmt.index_params)
    )
    predicate = None
    null_columns: frozenset[str] = frozenset()
    if stmt.HasField("where_clause"):
        marker = index.definition.rfind(" WHERE ")
        predicate = index.definition[marker + len(" WHERE ") :] if marker >= 0 else "…"
        null_columns = frozenset(_null_tested(stmt.where_clause))
    return IndexShape(
        schema=index.schema,
        name=index.name,
        table=index.table,
        method=stmt.access_method or "btree",
        unique=index.unique,
        keys=keys,
        include=tuple(p.index_elem.name for p in stmt.index_including_params),
        predicate=predicate,
        null_columns=null_columns,
        constraint=index.constraint,
        parent=index.parent,
        valid=index.valid,
    )


def foreign_key_shape(constraint: Constraint) -> ForeignKeyShape | None:
    """The shape of a foreign-key constraint, or None for another kind (or a definition that does not parse)."""
    if constraint.kind != "f":
        return None
    try:
        tree = postgast.parse(f"ALTER TABLE t ADD CONSTRAINT c {constraint.definition}")
    except postgast.PgQueryError:
        return None
    command = tree.stmts[0].stmt.alter_table_stmt.cmds[0].alter_table_cmd
    node = getattr(command, "def").constraint
    return ForeignKeyShape(
        schema=constraint.schema,
        table=constraint.table,
        name=constraint.name,
        columns=tuple(a.string.sval for a in node.fk_attrs),
        ref_table=constraint.referenced_table,
        ref_columns=tuple(a.string.sval for a in node.pk_attrs),
        inherited=constraint.inherited,
    )


@lru_cache(maxsize=4096)
def _parse_index(definition: str) -> pb.IndexStmt | None:
    try:
        tree = postgast.parse(definition)
    except postgast.PgQueryError:
        return None
    stmt = tree.stmts[0].stmt
    return stmt.index_stmt if stmt.HasField("index_stmt") else None


def _null_tested(node: pb.Node) -> list[str]:
    """Columns an expression requires to be NULL: ``c IS NULL`` itself or as a conjunct of ANDs."""
    which = node.WhichOneof("node")
    if which == "bool_expr" and node.bool_expr.boolop == pb.AND_EXPR:
        return [c for arg in node.bool_expr.args for c in _null_tested(arg)]
    if which == "null_test" and node.null_test.nulltesttype == pb.IS_NULL:
        arg = node.null_test.arg
        if arg.WhichOneof("node") == "column_ref" and arg.column_ref.fields:
            last = arg.column_ref.fields[-1]
            if last.WhichOneof("node") == "string":
                return [last.string.sval]
    return []
