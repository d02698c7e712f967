"""What uses an object that must be dropped and created again: taken out before the change, put back after it.

PostgreSQL refuses to drop a function or a type that a view or a column default uses (2BP01). A change that
drops and re-creates such an object (a function whose return type changes, a composite type swapped for a new
one) drops its users first, in the same transaction, and re-creates them after it as the document has them:

- views that use the object (a call, a cast to it, a column of it), with the views reading them at any depth;
  re-created with their desired definitions, a materialized view's indexes, their privileges and comments;
- column defaults that use it: dropped before, set again after.
"""

from __future__ import annotations

from collections.abc import Collection

from postgast import pg_query_pb2 as pb

from schemawright.inspect.catalog import ObjectRef, QualifiedName
from schemawright.plan import carried, viewchains
from schemawright.plan.context import Context, Stmt
from schemawright.plan.names import ident, qualified

_VIEW_DROPS = (pb.ObjectType.OBJECT_VIEW, pb.ObjectType.OBJECT_MATVIEW)

Default = tuple[QualifiedName, str]  # (table, column)


def users(refs: Collection[ObjectRef], ctx: Context) -> tuple[list[QualifiedName], list[Default]]:
    """The live views that use any of ``refs`` (with the views reading them), each after the views it reads,
    and the live table columns whose default uses one of them."""
    direct: set[QualifiedName] = set()
    defaults: set[Default] = set()
    for d, r in ctx.live.dependencies:
        if r not in refs or d[0] not in ("relation", "column"):
            continue
        if (d[1], d[2]) in ctx.live.views:
            direct.add((d[1], d[2]))  # its query (a call, a cast) or one of its columns (of the type)
        elif d[0] == "column" and (d[1], d[2]) in ctx.live.tables and len(d) == 4:
            column = ctx.live.tables[(d[1], d[2])].columns.get(d[3])
            if column is not None and column.default is not None and not column.generated:
                defaults.add(((d[1], d[2]), d[3]))
    readers = {v for v in ctx.live.views if v not in direct and viewchains.reads([v], ctx.live) & direct}
    # A view reads every relation the views it reads read, and those views too: more of them, so it sorts after.
    views = sorted(direct | readers, key=lambda v: (len(viewchains.reads([v], ctx.live)), v))
    return views, sorted(defaults)


def consume(ctx: Context, views: list[QualifiedName], defaults: list[Default]) -> None:
    """The differ's own drops and re-creations of these views and defaults: replaced by the one step."""
    for stmt in ctx.statements:
        if _is_view_of(stmt, views, ctx):
            ctx.handled.add(id(stmt))
        elif stmt.which == "alter_table_stmt" and len(stmt.node.alter_table_stmt.cmds) == 1:
            cmd = stmt.node.alter_table_stmt.cmds[0].alter_table_cmd
            table = ctx.qualify(stmt.node.alter_table_stmt.relation)
            if cmd.subtype == pb.AlterTableType.AT_ColumnDefault and (table, cmd.name) in defaults:
                ctx.handled.add(id(stmt))


def _is_view_of(stmt: Stmt, views: list[QualifiedName], ctx: Context) -> bool:
    """True when ``stmt`` drops or creates one of ``views``."""
    if stmt.which == "view_stmt":
        return ctx.qualify(stmt.node.view_stmt.view) in views
    if stmt.which == "create_table_as_stmt":
        return ctx.qualify(stmt.node.create_table_as_stmt.into.rel) in views
    return (
        stmt.which == "drop_stmt"
        and stmt.node.drop_stmt.remove_type in _VIEW_DROPS
        and all(
            qualified([i.string.sval for i in o.list.items], ctx.schema) in views for o in stmt.node.drop_stmt.objects
        )
    )


def taken_out(views: list[QualifiedName], defaults: list[Default], ctx: Context) -> list[str]:
    """The statements that drop ``views`` (readers first) and ``defaults`` before the change."""
    sql = [f"drop {_kind(v, ctx)} if exists {ident(*v)}" for v in reversed(views)]
    return sql + [f"alter table {ident(*t)} alter column {ident(c)} drop default" for t, c in defaults]


def put_back(views: list[QualifiedName], defaults: list[Default], ctx: Context) -> list[str]:
    """The statements that set ``defaults`` again and re-create ``views`` (each after the views it reads) as the
    document has them: definition (with its own comment), a materialized view's indexes, privileges and its
    columns' comments. A view the document no longer has stays dropped (the differ's drop is consumed)."""
    sql = [
        f"alter table {ident(*t)} alter column {ident(c)} set default {default}"
        for t, c in defaults
        if (default := _desired_default(t, c, ctx)) is not None
    ]
    for view in views:
        if view not in ctx.desired.view_sql:
            continue
        sql.append(ctx.desired.view_sql[view].rstrip().rstrip(";"))
        sql += [
            index.definition
            for (schema, _name), index in sorted(ctx.desired.indexes.items())
            if (schema, index.table) == view
        ]
        sql += [a.sql for a in carried.carry(view, ctx, with_relation_comment=False)]
    return sql


def _kind(view: QualifiedName, ctx: Context) -> str:
    return "materialized view" if ctx.live.views[view].startswith("MATERIALIZED") else "view"


def _desired_default(table: QualifiedName, column: str, ctx: Context) -> str | None:
    wanted = ctx.desired.tables.get(table)
    found = wanted.columns.get(column) if wanted else None
    return found.default if found else None
