"""Materialized views: created empty and populated in the backfill phase; a changed one replaced side by side.

- A new materialized view is created ``WITH NO DATA`` in expand (the expand transaction never runs its query)
  and populated by a first ``REFRESH`` in the backfill phase, where its duration is shown like a backfill's.
- A materialized view whose definition changed (migra: drop + create of the same name) is built under a
  temporary name ``WITH NO DATA`` with its indexes (expand), populated (backfill), then swapped in by renames in
  one short transaction (constrain): readers see the old, populated contents until the swap and the new,
  populated contents after it, never an empty or missing view. The privileges and comments the document gives
  the view are set on the new one before the swap (plan/carried.py): the application role never loses access.

A replaced view that other views read, or that reads a column whose type changes (it must be gone while the
column changes), is left to the generic view replacement (dropped and re-created around the change).
"""

from __future__ import annotations

from dataclasses import replace

from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Hazard
from schemawright.inspect.catalog import QualifiedName
from schemawright.plan import viewchains
from schemawright.plan.carried import carry
from schemawright.plan.context import Context, Stmt, deparse
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident, temporary
from schemawright.plan.operations import Action, Operation
from schemawright.plan.operations.indexes import CreateIndex, RenameIndex
from schemawright.plan.operations.objects import RELATION_WORD, created, dropped, refreshed, renamed_relation

_MATVIEW = pb.ObjectType.OBJECT_MATVIEW


def _created(stmt: Stmt, ctx: Context) -> QualifiedName | None:
    if stmt.which == "create_table_as_stmt" and stmt.node.create_table_as_stmt.objtype == _MATVIEW:
        return ctx.qualify(stmt.node.create_table_as_stmt.into.rel)
    return None


def _dropped(stmt: Stmt, ctx: Context) -> QualifiedName | None:
    if stmt.which != "drop_stmt" or stmt.node.drop_stmt.remove_type != _MATVIEW:
        return None
    objects = stmt.node.drop_stmt.objects
    if len(objects) != 1 or not objects[0].HasField("list"):
        return None
    parts = [i.string.sval for i in objects[0].list.items]
    return (parts[0], parts[-1]) if len(parts) >= 2 else (ctx.schema, parts[-1])


def _on_view(stmt: Stmt, name: QualifiedName, ctx: Context) -> bool:
    """An index created on (or dropped from) the view ``name``: rebuilt here from the desired catalog."""
    if stmt.which == "index_stmt":
        return ctx.qualify(stmt.node.index_stmt.relation) == name
    if stmt.which == "drop_stmt" and stmt.node.drop_stmt.remove_type == pb.ObjectType.OBJECT_INDEX:
        items = [i.string.sval for o in stmt.node.drop_stmt.objects if o.HasField("list") for i in o.list.items]
        index = ctx.live.indexes.get((items[0], items[-1]) if len(items) >= 2 else (ctx.schema, items[-1]))
        return index is not None and (index.schema, index.table) == name
    return False


def _read_by_views(name: QualifiedName, ctx: Context) -> bool:
    return any(name in reads for view, reads in ctx.live.view_dependencies.items() if view != name)


def _no_data(create: Stmt, name: QualifiedName) -> str:
    node = create.copy_node()
    node.create_table_as_stmt.into.rel.schemaname = name[0]
    node.create_table_as_stmt.into.rel.relname = name[1]
    node.create_table_as_stmt.into.skip_data = True
    return deparse(node)


def plan_matviews(ctx: Context) -> list[Step]:
    """The steps for new and changed materialized views; the statements they replace are marked handled."""
    steps: list[Step] = []
    for create in ctx.statements:
        name = _created(create, ctx)
        if name is None or id(create) in ctx.handled:
            continue
        drop = next((s for s in ctx.statements if id(s) not in ctx.handled and _dropped(s, ctx) == name), None)
        if drop is None and name not in ctx.live.views:
            ctx.handled.add(id(create))
            steps += _create(create, name, ctx)
        elif (
            drop is not None
            and not _read_by_views(name, ctx)
            and not viewchains.reads_retyped_column(name, ctx.statements, ctx.live, ctx.schema)
        ):
            ctx.handled.update({id(create), id(drop)})
            steps += replace_built_aside(create, name, ctx)
    return steps


def _populate(name: QualifiedName, shown: str, ctx: Context, operation: Operation) -> Step:
    step = ctx.emit(
        refreshed(f"REFRESH MATERIALIZED VIEW {ident(*name)}", name),
        PhaseName.BACKFILL,
        f"populate the materialized view {shown}: its query runs once, outside any schema change's "
        "transaction (its duration grows with the rows it reads, like a backfill's)",
        kind="REFRESH MATERIALIZED VIEW (populate)",
        operation=operation,
    )
    return replace(step, long_running=True)  # runs under the long statement timeout, like an index build


def _create(create: Stmt, name: QualifiedName, ctx: Context) -> list[Step]:
    build = ctx.emit(
        created(_no_data(create, name), "CREATE MATERIALIZED VIEW"),
        PhaseName.EXPAND,
        f"create the materialized view {name[1]} empty (WITH NO DATA): the expand transaction never "
        "runs its query; the backfill phase populates it",
        rollback=f"DROP MATERIALIZED VIEW IF EXISTS {ident(*name)}",
        operation=Operation.CREATE_MATVIEW,
    )
    return [build, _populate(name, name[1], ctx, Operation.CREATE_MATVIEW)]


def _temporary_index(definition: str, index: str, view: QualifiedName, temp: str) -> tuple[str, str]:
    """The desired index ``definition`` (pg_get_indexdef) on the temporary view, under a temporary name."""
    node = Stmt.parse(definition).node
    node.index_stmt.idxname = temporary(index, "new")
    node.index_stmt.relation.schemaname = view[0]
    node.index_stmt.relation.relname = temp
    return deparse(node), node.index_stmt.idxname


def replace_built_aside(
    create: Stmt, name: QualifiedName, ctx: Context, old_kind: str = "MATERIALIZED VIEW"
) -> list[Step]:
    """The materialized view ``create`` built, indexed and populated under a temporary name, then swapped in
    for the ``old_kind`` (a materialized view, or a plain view) of the same name."""
    for stmt in ctx.statements:  # the differ's index changes on the view: the desired indexes are built below
        if _on_view(stmt, name, ctx):
            ctx.handled.add(id(stmt))
    temp = temporary(name[1], "new")
    kept = ident(name[0], temp)
    grants_and_comments = carry(name, ctx, (name[0], temp))  # the rename keeps them: granted before the swap
    steps = [
        ctx.emit(
            [created(_no_data(create, (name[0], temp)), "CREATE MATERIALIZED VIEW"), *grants_and_comments],
            PhaseName.EXPAND,
            f"build the changed materialized view {name[1]} beside the old one, under the temporary name "
            f"{temp}, empty (WITH NO DATA): the old one keeps serving reads"
            + (
                ", its privileges and comments set now so that it has them from the swap on"
                if grants_and_comments
                else ""
            ),
            rollback=f"DROP MATERIALIZED VIEW IF EXISTS {kept}",
            operation=Operation.REPLACE_MATVIEW,
        )
    ]
    renames: list[Action] = []
    for (schema, index_name), index in sorted(ctx.desired.indexes.items()):
        if (schema, index.table) != name:
            continue
        sql, temp_index = _temporary_index(index.definition, index_name, name, temp)
        built = CreateIndex(sql=sql, table=(name[0], temp), name=(schema, temp_index), unique=index.unique)
        steps.append(
            ctx.emit(
                built,
                PhaseName.EXPAND,
                f"index {index_name} of the new {name[1]}, built while it is empty",
                rollback=f"DROP INDEX IF EXISTS {ident(schema, temp_index)}",
                operation=Operation.REPLACE_MATVIEW,
            )
        )
        renames.append(
            RenameIndex(
                sql=f"ALTER INDEX {ident(schema, temp_index)} RENAME TO {ident(index_name)}",
                name=(schema, temp_index),
                to=index_name,
            )
        )
    steps.append(_populate((name[0], temp), f"{name[1]} (as {temp})", ctx, Operation.REPLACE_MATVIEW))
    swap = ctx.emit(
        [
            dropped(f"DROP {old_kind} {ident(*name)}", RELATION_WORD[old_kind]),
            renamed_relation(f"ALTER MATERIALIZED VIEW {kept} RENAME TO {ident(name[1])}", "MATVIEW", (name[0], temp)),
            *renames,
        ],
        PhaseName.CONSTRAIN,
        f"swap: the populated new {name[1]} replaces the old {old_kind.lower()} by renames in one short "
        "transaction (readers see the old contents, then the new, never an empty view)",
        kind=f"DROP {old_kind} + RENAME (swap)",
        destructive=False,
        rollback=_view_back(name, old_kind, ctx),
        operation=Operation.REPLACE_MATVIEW,
    )
    # The old view's drop is undone by the rename in the same transaction: no client finds it missing, and its
    # contents are derived (the new view holds them, fresher).
    hazards = tuple(h for h in swap.hazards if h not in (Hazard.IRREVERSIBLE, Hazard.BREAKS_CLIENTS))
    return [*steps, replace(swap, hazards=hazards)]


def _view_back(name: QualifiedName, old_kind: str, ctx: Context) -> str | None:
    """The swap's rollback when a plain view was replaced: drop the new materialized view, re-create the view
    (an old materialized view is not re-created: that would run its query inside the rollback)."""
    old_sql = ctx.live.view_sql.get(name)
    if old_kind != "VIEW" or old_sql is None:
        return None
    return f"DROP MATERIALIZED VIEW {ident(*name)};\n{old_sql}"
