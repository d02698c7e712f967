"""Small readers of postgast parse-tree nodes shared by the checks: qualified names, options, deparsing."""

from __future__ import annotations

from collections.abc import Iterable

import postgast
from postgast import pg_query_pb2 as pb


def string_names(nodes: Iterable[pb.Node]) -> list[str]:
    """The parts of a qualified name given as String nodes."""
    return [str(n.string.sval) for n in nodes]


def schema_qualifier(nodes: Iterable[pb.Node]) -> list[str]:
    """The schema of a qualified name (as a one-element list), or [] when it is unqualified."""
    names = string_names(nodes)
    return names[-2:-1]


def range_name(rv: pb.RangeVar, default_schema: str) -> tuple[str, str]:
    """(schema, name) of a RangeVar, with the default schema filled in."""
    return (rv.schemaname or default_schema, rv.relname)


def relation_schema(relation: pb.RangeVar) -> list[str]:
    return [relation.schemaname] if relation.schemaname else []


def def_elems(options: Iterable[pb.Node]) -> list[pb.DefElem]:
    return [option.def_elem for option in options if option.HasField("def_elem")]


def deparse(node: pb.Node) -> str:
    return str(postgast.deparse(pb.ParseResult(stmts=[pb.RawStmt(stmt=node)])))


def is_owner_change(stmt: pb.AlterTableStmt) -> bool:
    """ALTER TABLE/VIEW/SEQUENCE/... x OWNER TO r and nothing else (as pg_dump writes it)."""
    return bool(stmt.cmds) and all(cmd.alter_table_cmd.subtype == pb.AT_ChangeOwner for cmd in stmt.cmds)
