"""Enum changes: migra rebuilds the type (rename, create, re-type every column, drop). When values are
only added, ``ALTER TYPE … ADD VALUE`` does the same without touching a single row."""

from __future__ import annotations

import re

from postgast import pg_query_pb2 as pb

from schemawright.catalog import QualifiedName
from schemawright.plan.constraints import single_cmd
from schemawright.plan.context import Context, Stmt
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident, literal

OLD_SUFFIX = "__old_version_to_be_dropped"


def _renamed_enum(stmt: Stmt, ctx: Context) -> QualifiedName | None:
    if stmt.which != "rename_stmt" or stmt.node.rename_stmt.rename_type != pb.ObjectType.OBJECT_TYPE:
        return None
    if not stmt.node.rename_stmt.newname.endswith(OLD_SUFFIX):
        return None
    parts = [i.string.sval for i in stmt.node.rename_stmt.object.list.items]
    name = (parts[0], parts[1]) if len(parts) == 2 else (ctx.schema, parts[-1])
    return name if name in ctx.live.enums and name in ctx.desired.enums else None


def additions(old: tuple[str, ...], new: tuple[str, ...]) -> list[tuple[str, str | None, bool]] | None:
    """``[(label, neighbour, after)]`` when ``new`` only inserts labels into ``old``; None otherwise."""
    if [label for label in new if label in old] != list(old) or not set(old) <= set(new):
        return None
    result: list[tuple[str, str | None, bool]] = []
    for i, label in enumerate(new):
        if label in old:
            continue
        following = next((x for x in new[i + 1:] if x in old), None)
        if following is not None:
            result.append((label, following, False))
        else:
            result.append((label, new[i - 1] if i else None, True))
    return result


def rebuild_enum(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """Replace migra's enum rebuild with ``ADD VALUE`` steps when the change is additive."""
    name = _renamed_enum(stmt, ctx)
    if name is None:
        return None
    added = additions(ctx.live.enums[name], ctx.desired.enums[name])
    type_sql = ident(*name)
    if added is None:
        ctx.notes.append(f"enum {name[0]}.{name[1]} loses or reorders values: every column of that type is "
                         "re-typed (a table rewrite), held for approval")
        return [ctx.step(stmt.sql, PhaseName.CONTRACT,
                         f"enum {name[1]} loses or reorders values: rebuild the type (old copy renamed)")]
    _consume_rebuild(name, ctx)
    steps = []
    for label, neighbour, after in added:
        position = f" {'AFTER' if after else 'BEFORE'} {literal(neighbour)}" if neighbour else ""
        steps.append(ctx.step(f"ALTER TYPE {type_sql} ADD VALUE IF NOT EXISTS {literal(label)}{position}",
                              PhaseName.EXPAND, f"enum {name[1]} gains the value {label!r}: no row is touched"))
    return steps


def _consume_rebuild(name: QualifiedName, ctx: Context) -> None:
    """Mark the rest of migra's rebuild sequence for this enum as handled."""
    pattern = re.compile(rf"{re.escape(name[1])}\"?(::|\s|;|$)|{re.escape(name[1] + OLD_SUFFIX)}")
    for other in ctx.statements:
        if other.which == "create_enum_stmt":
            parts = [i.string.sval for i in other.node.create_enum_stmt.type_name]
            if (parts[0] if len(parts) == 2 else ctx.schema, parts[-1]) == name:
                ctx.handled.add(id(other))
        elif other.which == "drop_stmt" and OLD_SUFFIX in other.sql and pattern.search(other.sql):
            ctx.handled.add(id(other))
        else:
            cmd = single_cmd(other)
            if cmd is not None and cmd.subtype == pb.AlterTableType.AT_AlterColumnType:
                type_names = [n.string.sval for n in getattr(cmd, "def").column_def.type_name.names]
                if type_names and type_names[-1] == name[1]:
                    ctx.handled.add(id(other))


def enum_rebuild_member(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """The rest of a non-additive enum rebuild: in contract with it."""
    if not ctx.enum_rebuilds:
        return None
    for name in ctx.enum_rebuilds:
        if name[1] + OLD_SUFFIX in stmt.sql or (
            stmt.which == "create_enum_stmt" and stmt.node.create_enum_stmt.type_name[-1].string.sval == name[1]
        ):
            return [ctx.step(stmt.sql, PhaseName.CONTRACT, f"part of the rebuild of enum {name[1]}")]
        cmd = single_cmd(stmt)
        if cmd is not None and cmd.subtype == pb.AlterTableType.AT_AlterColumnType:
            names = [n.string.sval for n in getattr(cmd, "def").column_def.type_name.names]
            if names and names[-1] == name[1]:
                return [ctx.step(stmt.sql, PhaseName.CONTRACT,
                                 f"re-type {cmd.name} to the rebuilt enum {name[1]} (rewrites the table)")]
    return None
