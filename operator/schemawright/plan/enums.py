"""Enum changes: migra rebuilds the type (rename, create, re-type every column, drop). When values are
only added, ``ALTER TYPE … ADD VALUE`` does the same without touching a single row."""

from __future__ import annotations

import re

from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Hazard
from schemawright.inspect.catalog import QualifiedName
from schemawright.plan.constraints import single_cmd
from schemawright.plan.context import Context, Stmt
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import bounded, ident, literal
from schemawright.plan.operations.base import Action
from schemawright.plan.operations.objects import AddEnumValue, created, dropped, renamed_type
from schemawright.plan.operations.tables import AlterColumnType, SetDefault

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
        following = next((x for x in new[i + 1 :] if x in old), None)
        if following is not None:
            result.append((label, following, False))
        else:
            result.append((label, new[i - 1] if i else None, True))
    return result


def enum_columns(name: QualifiedName, ctx: Context) -> list[tuple[QualifiedName, str]]:
    """Live columns whose type is the enum ``name``: ``[((schema, table), column)]``."""
    spellings = {f"{name[0]}.{name[1]}", name[1], ident(*name)}
    return [
        ((t.schema, t.name), c.name)
        for t in ctx.live.tables.values()
        for c in t.columns.values()
        if c.type in spellings
    ]


def rebuild_enum(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """Replace migra's enum rebuild with ``ADD VALUE`` steps when the change is additive; otherwise run the
    whole rebuild as one transaction in contract (no moment without the type or a column's default)."""
    name = _renamed_enum(stmt, ctx)
    if name is None:
        return None
    added = additions(ctx.live.enums[name], ctx.desired.enums[name])
    type_sql = ident(*name)
    _consume_rebuild(name, ctx, keep_changed_defaults=added is not None)
    if added is None:
        return [_rebuild_step(name, ctx)]
    steps = []
    for label, neighbour, after in added:
        position = f" {'AFTER' if after else 'BEFORE'} {literal(neighbour)}" if neighbour else ""
        steps.append(
            ctx.emit(
                AddEnumValue(
                    sql=f"ALTER TYPE {type_sql} ADD VALUE IF NOT EXISTS {literal(label)}{position}",
                    enum=name,
                    label=label,
                ),
                PhaseName.EXPAND,
                f"enum {name[1]} gains the value {label!r}: no row is touched",
            )
        )
    return steps


def _rebuild_step(name: QualifiedName, ctx: Context) -> Step:
    old = bounded(name[1] + OLD_SUFFIX)
    columns = enum_columns(name, ctx)
    sql: list[Action] = [
        SetDefault(f"ALTER TABLE {ident(*t)} ALTER COLUMN {ident(c)} DROP DEFAULT", t, c)
        for t, c in columns
        if ctx.live.tables[t].columns[c].default is not None
    ]
    sql.append(renamed_type(f"ALTER TYPE {ident(*name)} RENAME TO {ident(old)}"))
    labels = ", ".join(literal(v) for v in ctx.desired.enums[name])
    sql.append(created(f"CREATE TYPE {ident(*name)} AS ENUM ({labels})", "CREATE TYPE"))
    enum = ident(*name)
    sql += [
        AlterColumnType(
            f"ALTER TABLE {ident(*t)} ALTER COLUMN {ident(c)} TYPE {enum} USING {ident(c)}::text::{enum}", t, c
        )
        for t, c in columns
    ]
    for t, c in columns:
        desired_table = ctx.desired.tables.get(t)
        wanted = desired_table.columns.get(c) if desired_table else None
        if wanted is not None and wanted.default is not None:
            sql.append(
                SetDefault(f"ALTER TABLE {ident(*t)} ALTER COLUMN {ident(c)} SET DEFAULT {wanted.default}", t, c)
            )
    sql.append(dropped(f"DROP TYPE {ident(name[0], old)}", "TYPE"))
    ctx.notes.append(
        f"enum {name[0]}.{name[1]} loses or reorders values: every column of that type is re-typed "
        "(a table rewrite), held for approval"
    )
    tables = ", ".join(sorted({t[1] for t, _c in columns})) or "no table"
    return ctx.emit(
        sql,
        PhaseName.CONTRACT,
        f"enum {name[1]} loses or reorders values: rebuild the type and re-type its columns ({tables}) in "
        "one transaction; a value still stored that the new type lacks makes it fail and change nothing",
        kind="REBUILD ENUM",
        remove=(Hazard.IRREVERSIBLE,),
    )


def _consume_rebuild(name: QualifiedName, ctx: Context, *, keep_changed_defaults: bool) -> None:
    """Mark the rest of migra's rebuild sequence for this enum as handled (defaults of its columns too).

    With ``keep_changed_defaults`` (the enum only gains values, the type stays), the differ's last ``SET DEFAULT``
    of a column whose default the document changes is left to plan: it is a change of its own, not part of the
    rebuild (it may use a value added here).
    """
    pattern = re.compile(rf"{re.escape(name[1])}\"?(::|\s|;|$)|{re.escape(name[1] + OLD_SUFFIX)}")
    columns = set(enum_columns(name, ctx))
    kept = {
        id(_last_default(table, column, ctx))
        for table, column in columns
        if keep_changed_defaults and _default_changes(table, column, ctx)
    }
    for other in ctx.statements:
        if other.which == "create_enum_stmt":
            parts = [i.string.sval for i in other.node.create_enum_stmt.type_name]
            if (parts[0] if len(parts) == 2 else ctx.schema, parts[-1]) == name:
                ctx.handled.add(id(other))
        elif other.which == "drop_stmt" and OLD_SUFFIX in other.sql and pattern.search(other.sql):
            ctx.handled.add(id(other))
        else:
            cmd = single_cmd(other)
            if cmd is None:
                continue
            column = (ctx.qualify(other.node.alter_table_stmt.relation), cmd.name)
            if cmd.subtype == pb.AlterTableType.AT_AlterColumnType:
                type_names = [n.string.sval for n in getattr(cmd, "def").column_def.type_name.names]
                if type_names and type_names[-1] == name[1]:
                    ctx.handled.add(id(other))
            elif cmd.subtype == pb.AlterTableType.AT_ColumnDefault and column in columns and id(other) not in kept:
                ctx.handled.add(id(other))


def _default_changes(table: QualifiedName, column: str, ctx: Context) -> bool:
    desired_table = ctx.desired.tables.get(table)
    wanted = desired_table.columns.get(column) if desired_table else None
    return wanted is not None and wanted.default != ctx.live.tables[table].columns[column].default


def _last_default(table: QualifiedName, column: str, ctx: Context) -> Stmt | None:
    """The differ's last ``SET/DROP DEFAULT`` of ``column`` (after the rebuild's own ones)."""
    found = None
    for other in ctx.statements:
        cmd = single_cmd(other)
        if (
            cmd is not None
            and cmd.subtype == pb.AlterTableType.AT_ColumnDefault
            and cmd.name == column
            and (ctx.qualify(other.node.alter_table_stmt.relation) == table)
        ):
            found = other
    return found
