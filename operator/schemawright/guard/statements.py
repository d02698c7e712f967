"""The checks of schema definitions: tables, indexes, views, sequences, ALTER / DROP / RENAME / SET SCHEMA,
comments, CREATE <object> definitions, CREATE SCHEMA, GRANT, ownership and rows of constants.
"""

from __future__ import annotations

import dataclasses
import re

from postgast import pg_query_pb2 as pb

from schemawright.guard import reasons
from schemawright.guard.context import Context, Reject, may_contain, refuse, refuse_object, refuse_unlisted
from schemawright.guard.extensions import check_extension_name
from schemawright.guard.functions import forbidden_function
from schemawright.guard.kinds import statement_kind
from schemawright.guard.nodes import def_elems, string_names
from schemawright.guard.objects import ALTERABLE, DEFINABLE, GRANTABLE, OBJ, SCHEMA_OBJECTS, object_word
from schemawright.guard.rules import kind_rule
from schemawright.guard.schemas import is_system_schema
from schemawright.guard.walk import walk

_TABLESPACE_WORD = re.compile("tablespace")


# ALTER TABLE sub-commands that are not allowed: the words to show, why, and the rule.
_ALTER_TABLE_REJECTED: dict[int, tuple[str, str, str]] = {
    pb.AT_SetTableSpace: ("SET TABLESPACE", reasons.TABLESPACE, "tablespace"),
    pb.AT_GenericOptions: ("OPTIONS", reasons.FOREIGN, "foreign-data"),
    pb.AT_AlterColumnGenericOptions: ("ALTER COLUMN ... OPTIONS", reasons.FOREIGN, "foreign-data"),
}


# The fields an INSERT ... VALUES of constant rows sets (Rails' structure.sql ends with one for schema_migrations).
_VALUES_ONLY = frozenset({"values_lists", "limit_option", "op"})


def _is_constant_rows(node: pb.Node) -> bool:
    """``INSERT INTO t [(columns)] VALUES (<constants>), ...``: no WITH, ON CONFLICT, RETURNING or expressions."""
    stmt = node.insert_stmt
    if stmt.HasField("with_clause") or stmt.HasField("on_conflict_clause") or stmt.HasField("returning_clause"):
        return False
    select = stmt.select_stmt.select_stmt
    if not {descriptor.name for descriptor, _value in select.ListFields()} <= _VALUES_ONLY:
        return False
    values = [item for row in select.values_lists for item in row.list.items]
    return all(
        item.HasField("a_const") or (item.HasField("type_cast") and item.type_cast.arg.HasField("a_const"))
        for item in values
    )


def check_insert(node: pb.Node, ctx: Context) -> None:
    """Rows of constants are accepted and not applied (schemawright manages the schema, not rows); other
    INSERTs are refused (rule data-change)."""
    if not _is_constant_rows(node):
        refuse_unlisted(node, "insert_stmt", ctx)


def check_owner(node: pb.Node, ctx: Context) -> None:
    """ALTER ... OWNER TO is accepted and ignored (ownership is not managed); only for schema objects."""
    stmt = node.alter_owner_stmt
    if stmt.object_type not in SCHEMA_OBJECTS:
        refuse_object(ctx, stmt.object_type, statement_kind(node))


def _reject_temporary(relation: pb.RangeVar, kind: str) -> None:
    if relation.relpersistence == "t":
        raise Reject(kind, reasons.TEMPORARY, "temporary-object")


def _reject_tablespace(tablespace: str, kind: str) -> None:
    if tablespace:
        raise Reject(
            f"{kind} ... TABLESPACE {tablespace}",
            reasons.TABLESPACE + " (pg_dump --no-tablespaces leaves it out)",
            "tablespace",
        )


def _reject_constraint_tablespaces(node: pb.Node, kind: str, ctx: Context) -> None:
    """Constraints may name a tablespace for their index (USING INDEX TABLESPACE)."""
    if not may_contain(ctx, _TABLESPACE_WORD):
        return
    for constraint in (m for m in walk(node, ctx) if type(m) is pb.Constraint):
        _reject_tablespace(constraint.indexspace, kind)


def check_create_table(node: pb.Node, ctx: Context) -> None:
    stmt, kind = node.create_stmt, statement_kind(node)
    _reject_temporary(stmt.relation, kind)
    _reject_tablespace(stmt.tablespacename, kind)
    _reject_constraint_tablespaces(node, kind, ctx)


def check_index(node: pb.Node, ctx: Context) -> None:
    _reject_tablespace(node.index_stmt.table_space, statement_kind(node))


def check_view(node: pb.Node, ctx: Context) -> None:
    _reject_temporary(node.view_stmt.view, statement_kind(node))


def check_sequence(node: pb.Node, ctx: Context) -> None:
    _reject_temporary(node.create_seq_stmt.sequence, statement_kind(node))


def check_table_as(node: pb.Node, ctx: Context) -> None:
    """CREATE MATERIALIZED VIEW is a definition; CREATE TABLE ... AS copies data."""
    stmt, kind = node.create_table_as_stmt, statement_kind(node)
    _reject_temporary(stmt.into.rel, kind)
    if stmt.objtype != OBJ.OBJECT_MATVIEW:
        refuse(ctx, kind, reasons.TABLE_AS, "create-table-as")
    _reject_tablespace(stmt.into.table_space_name, kind)


def check_alter_table(node: pb.Node, ctx: Context) -> None:
    stmt, kind = node.alter_table_stmt, statement_kind(node)
    if stmt.objtype not in ALTERABLE:
        refuse_object(ctx, stmt.objtype, kind)
    owner = [cmd for cmd in stmt.cmds if cmd.alter_table_cmd.subtype == pb.AT_ChangeOwner]
    if owner and len(owner) != len(stmt.cmds):
        raise Reject(f"{kind} ... OWNER TO", reasons.OWNER_MIXED, "owner")
    for cmd in stmt.cmds:
        rejected = _ALTER_TABLE_REJECTED.get(cmd.alter_table_cmd.subtype)
        if rejected is not None:
            words, why, rule = rejected
            raise Reject(f"{kind} ... {words}", why, rule)
    _reject_constraint_tablespaces(node, kind, ctx)


def _check_schema_object(objtype: int, kind: str, ctx: Context) -> None:
    if objtype not in SCHEMA_OBJECTS:
        refuse_object(ctx, objtype, kind)


def check_drop(node: pb.Node, ctx: Context) -> None:
    stmt, kind = node.drop_stmt, statement_kind(node)
    _check_schema_object(stmt.remove_type, kind, ctx)
    if stmt.remove_type == OBJ.OBJECT_EXTENSION:
        for name in stmt.objects:
            check_extension_name(name.string.sval, kind, ctx)


def check_rename(node: pb.Node, ctx: Context) -> None:
    stmt, kind = node.rename_stmt, statement_kind(node)
    _check_schema_object(stmt.rename_type, kind, ctx)
    if stmt.rename_type == OBJ.OBJECT_COLUMN:  # only then is relation_type set: TABLE, VIEW, FOREIGN TABLE
        _check_schema_object(stmt.relation_type, kind, ctx)


def check_set_schema(node: pb.Node, ctx: Context) -> None:
    _check_schema_object(node.alter_object_schema_stmt.object_type, statement_kind(node), ctx)


def check_comment(node: pb.Node, ctx: Context) -> None:
    _check_schema_object(node.comment_stmt.objtype, statement_kind(node), ctx)


def check_define(node: pb.Node, ctx: Context) -> None:
    """CREATE COLLATION / AGGREGATE / OPERATOR / TEXT SEARCH CONFIGURATION / DICTIONARY; the functions they
    name (SFUNC = ..., FUNCTION = ...) are checked against the forbidden functions."""
    stmt, kind = node.define_stmt, statement_kind(node)
    if stmt.kind not in DEFINABLE:
        refuse(ctx, kind, reasons.NOT_LISTED, kind_rule(kind))
    for elem in def_elems(stmt.definition):
        names = string_names(elem.arg.type_name.names) if elem.arg.HasField("type_name") else []
        why = forbidden_function(names[-1]) if names else None
        if why is not None:
            raise Reject(kind, f"it names {names[-1]}(), which {why}", "forbidden-function")


def check_schema(node: pb.Node, ctx: Context) -> None:
    """CREATE SCHEMA (an AUTHORIZATION role is ignored like OWNER TO); its embedded statements are checked."""
    from schemawright.guard.check import check_node  # the dispatcher imports this module: import it when first used

    stmt, kind = node.create_schema_stmt, statement_kind(node)
    if not stmt.schemaname:
        refuse(
            ctx,
            f"{kind} AUTHORIZATION (a schema named after the role)",
            "name the schema: CREATE SCHEMA name (ownership is not managed by schemawright)",
            "schema-authorization",
        )
    inner = dataclasses.replace(ctx, nested=True)
    for element in stmt.schema_elts:
        check_node(element, inner)


def check_grant(node: pb.Node, ctx: Context) -> None:
    """GRANT/REVOKE on schema objects; never GRANT to PUBLIC, never on system schemas."""
    stmt, kind = node.grant_stmt, statement_kind(node)
    if stmt.objtype not in GRANTABLE:
        refuse_object(ctx, stmt.objtype, f"{kind} ON {object_word(stmt.objtype)}")
    if stmt.is_grant and any(g.role_spec.roletype == pb.ROLESPEC_PUBLIC for g in stmt.grantees):
        refuse(ctx, f"{kind} ... TO PUBLIC", reasons.PUBLIC, "grant-to-public")
    if _grants_on_system_objects(stmt):
        raise Reject(f"{kind} ON a system object", reasons.SYSTEM_SCHEMA, "system-schema")


def _grants_on_system_objects(stmt: pb.GrantStmt) -> bool:
    """Whether a GRANT/REVOKE names a system schema or an object in one.

    Unqualified pg_* names count: the search path finds pg_catalog (pg_authid, pg_read_file...) first.
    """
    for item in stmt.objects:
        if item.HasField("string"):  # ON SCHEMA s / ON ALL ... IN SCHEMA s
            names = [str(item.string.sval), ""]
        elif item.HasField("range_var"):
            names = [item.range_var.schemaname, item.range_var.relname]
        elif item.HasField("object_with_args"):
            names = string_names(item.object_with_args.objname)
        elif item.HasField("list"):  # ON TYPE / ON DOMAIN
            names = string_names(item.list.items)
        else:
            continue
        schema = names[-2] if len(names) > 1 else ""
        if is_system_schema(schema) or (not schema and is_system_schema(names[-1])):
            return True
    return False
