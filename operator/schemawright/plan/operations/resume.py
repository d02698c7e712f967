"""Is a step's effect already on the live database? Asked when a step that was started before a crash is about
to run again: its statements are read back into typed actions, and each one answers from the live catalog."""

from __future__ import annotations

import postgast
from postgast import pg_query_pb2 as pb

from schemawright.inspect.catalog import Catalog
from schemawright.plan.operations.base import Action
from schemawright.plan.operations.indexes import AttachIndex, CreateIndex, DropIndex, RenameIndex
from schemawright.plan.operations.objects import AddEnumValue

_OBJ = pb.ObjectType


def _qualified(names: list[str], schema: str) -> tuple[str, str]:
    return (names[0], names[1]) if len(names) == 2 else (schema, names[-1])


def action_of(sql: str, node: pb.Node, schema: str) -> Action | None:
    """The typed action of one statement of a saved step, for the kinds whose effect the catalog shows."""
    which = node.WhichOneof("node")
    if which == "index_stmt" and node.index_stmt.idxname:
        return CreateIndex.of(sql, node, schema)
    if which == "drop_stmt" and node.drop_stmt.remove_type == _OBJ.OBJECT_INDEX and len(node.drop_stmt.objects) == 1:
        names = [i.string.sval for i in node.drop_stmt.objects[0].list.items]
        return DropIndex(sql=sql, name=_qualified(names, schema), concurrent=node.drop_stmt.concurrent)
    if which == "alter_enum_stmt" and not node.alter_enum_stmt.old_val:
        names = [i.string.sval for i in node.alter_enum_stmt.type_name]
        return AddEnumValue(sql=sql, enum=_qualified(names, schema), label=node.alter_enum_stmt.new_val)
    if which == "rename_stmt" and node.rename_stmt.rename_type == _OBJ.OBJECT_INDEX:
        rv = node.rename_stmt.relation
        return RenameIndex(sql=sql, name=(rv.schemaname or schema, rv.relname), to=node.rename_stmt.newname)
    if which == "alter_table_stmt" and node.alter_table_stmt.objtype == _OBJ.OBJECT_INDEX:
        cmds = node.alter_table_stmt.cmds
        if len(cmds) == 1 and cmds[0].alter_table_cmd.subtype == pb.AlterTableType.AT_AttachPartition:
            rv, child = node.alter_table_stmt.relation, getattr(cmds[0].alter_table_cmd, "def").partition_cmd.name
            return AttachIndex(
                sql=sql, parent=(rv.schemaname or schema, rv.relname), child=(child.schemaname or schema, child.relname)
            )
    return None


def already_done(sql: str, live: Catalog, schema: str = "public") -> bool:
    """True when every statement of ``sql`` is a kind the catalog can vouch for and its effect is on ``live``."""
    tree = postgast.parse(sql)
    texts = list(postgast.split(sql))
    if not tree.stmts or len(texts) != len(tree.stmts):
        return False
    actions = [action_of(text, raw.stmt, schema) for text, raw in zip(texts, tree.stmts, strict=True)]
    return all(a is not None and a.done(live) for a in actions)
