"""Schemas: system schemas are off limits, and which schemas a script creates objects in."""

from __future__ import annotations

from collections.abc import Callable

from postgast import pg_query_pb2 as pb

from schemawright.guard import reasons
from schemawright.guard.context import Reject
from schemawright.guard.extensions import BUILTIN_EXTENSION
from schemawright.guard.nodes import def_elems, relation_schema, schema_qualifier
from schemawright.guard.settings import is_dump_search_path


def is_system_schema(name: str) -> bool:
    """Schemas named pg_* are reserved for PostgreSQL, and so is information_schema."""
    name = name.lower()
    return name.startswith("pg_") or name == "information_schema"


def _extension_schemas(node: pb.Node) -> list[str]:
    if node.create_extension_stmt.extname == BUILTIN_EXTENSION:
        return []  # plpgsql lives in pg_catalog: CREATE EXTENSION plpgsql WITH SCHEMA pg_catalog is a no-op
    elems = def_elems(node.create_extension_stmt.options)
    return [str(e.arg.string.sval) for e in elems if e.defname == "schema"]


# The schema each kind of definition creates or changes its object in (unqualified names land in the
# first schema of the search path, never in pg_catalog).
_TARGET_SCHEMAS: dict[str, Callable[[pb.Node], list[str]]] = {
    "create_stmt": lambda n: relation_schema(n.create_stmt.relation),
    "view_stmt": lambda n: relation_schema(n.view_stmt.view),
    "create_table_as_stmt": lambda n: relation_schema(n.create_table_as_stmt.into.rel),
    "create_seq_stmt": lambda n: relation_schema(n.create_seq_stmt.sequence),
    "index_stmt": lambda n: relation_schema(n.index_stmt.relation),
    "alter_table_stmt": lambda n: relation_schema(n.alter_table_stmt.relation),
    "create_trig_stmt": lambda n: relation_schema(n.create_trig_stmt.relation),
    "create_policy_stmt": lambda n: relation_schema(n.create_policy_stmt.table),
    "create_function_stmt": lambda n: schema_qualifier(n.create_function_stmt.funcname),
    "alter_function_stmt": lambda n: schema_qualifier(n.alter_function_stmt.func.objname),
    "create_enum_stmt": lambda n: schema_qualifier(n.create_enum_stmt.type_name),
    "alter_enum_stmt": lambda n: schema_qualifier(n.alter_enum_stmt.type_name),
    "create_range_stmt": lambda n: schema_qualifier(n.create_range_stmt.type_name),
    "composite_type_stmt": lambda n: relation_schema(n.composite_type_stmt.typevar),
    "create_domain_stmt": lambda n: schema_qualifier(n.create_domain_stmt.domainname),
    "alter_domain_stmt": lambda n: schema_qualifier(n.alter_domain_stmt.type_name),
    "define_stmt": lambda n: schema_qualifier(n.define_stmt.defnames),
    "create_stats_stmt": lambda n: schema_qualifier(n.create_stats_stmt.defnames),
    "create_op_class_stmt": lambda n: schema_qualifier(n.create_op_class_stmt.opclassname),
    "create_op_family_stmt": lambda n: schema_qualifier(n.create_op_family_stmt.opfamilyname),
    "alter_object_schema_stmt": lambda n: [n.alter_object_schema_stmt.newschema],
    "create_schema_stmt": lambda n: [n.create_schema_stmt.schemaname],
    "create_extension_stmt": _extension_schemas,
}


def reject_system_targets(node: pb.Node, which: str, kind: str) -> None:
    """Reject a definition placed in (or moved into) a system schema such as pg_catalog."""
    targets = _TARGET_SCHEMAS.get(which)
    for schema in targets(node) if targets else []:
        if is_system_schema(schema):
            raise Reject(f"{kind} in {schema}", reasons.SYSTEM_SCHEMA, "system-schema")


# Statements that create an object in the first schema of the search path when the name is unqualified.
_CREATES_UNQUALIFIED = frozenset(
    {
        "create_stmt",
        "view_stmt",
        "create_table_as_stmt",
        "create_seq_stmt",
        "create_function_stmt",
        "create_enum_stmt",
        "create_range_stmt",
        "composite_type_stmt",
        "create_domain_stmt",
        "define_stmt",
    }
)


def _search_path_of(node: pb.Node) -> list[str] | None:
    """The schemas a SET search_path / pg_dump set_config statement puts first, or None if it sets none."""
    if node.HasField("variable_set_stmt") and node.variable_set_stmt.name.lower() == "search_path":
        stmt = node.variable_set_stmt
        if stmt.kind != pb.VAR_SET_VALUE:
            return ["public"]
        return [arg.a_const.sval.sval for arg in stmt.args if arg.a_const.HasField("sval")]
    if is_dump_search_path(node):
        value = node.select_stmt.target_list[0].res_target.val.func_call.args[1].a_const.sval.sval
        return [part.strip().strip('"') for part in value.split(",") if part.strip()]
    return None


def declared_schemas_of(tree: pb.ParseResult) -> tuple[str, ...]:
    """The schemas a script creates objects in, first use first (unqualified names: the search path's first)."""
    found: dict[str, None] = {}
    search = ["public"]
    for raw in tree.stmts:
        node, which = raw.stmt, raw.stmt.WhichOneof("node")
        path = _search_path_of(node)
        if path is not None:
            search = [s for s in path if s != "$user"]
            continue
        targets = _TARGET_SCHEMAS.get(which or "")
        names = [n for n in targets(node) if n] if targets else []
        if not names and which in _CREATES_UNQUALIFIED and search:
            names = search[:1]
        for name in names:
            if not is_system_schema(name):
                found.setdefault(name, None)
    return tuple(found)
