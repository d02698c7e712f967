"""Change sets: the differ's statements that change the same object, planned as one change.

migra spells a replacement as a drop and a create of the same name (or the same column). Planned one
statement at a time, the create lands in expand and the drop in contract, and the create fails with
"already exists". Here such pairs become one *replace* change with one strategy (docs/rewrites.md):

- a view or materialized view replaced by the other kind: built under a temporary name in expand, then
  swapped in (old dropped, new renamed) in one short transaction;
- a table replaced by another relation kind of the same name (e.g. partitioned → regular): dropped and
  created in one transaction, in contract (its rows are deleted: held for approval); the views that read
  the table (at any depth) are dropped first and re-created after, in the same transaction;
- in both, the new relation (and each re-created view) gets the privileges and comments the document gives it
  in the same step (plan/carried.py);
- a column dropped from an inheritance parent and added to its child: ``ALTER TABLE ONLY parent DROP
  COLUMN`` keeps the child's values (its column becomes its own);
- a column dropped and added again on the same table: one transaction, in contract;
- a changed generation expression (migra spells it ``SET DEFAULT``): ``ALTER COLUMN … SET EXPRESSION``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace as with_fields

import postgast
from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Hazard
from schemawright.inspect.catalog import Catalog, QualifiedName
from schemawright.plan import matviews, viewchains
from schemawright.plan.carried import carry
from schemawright.plan.constraints import column_cmd, table_cmd
from schemawright.plan.context import Context, Stmt, deparse
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident, temporary
from schemawright.plan.objects import generated_kinds
from schemawright.plan.operations import Operation
from schemawright.plan.operations.objects import RELATION_WORD, dropped, renamed_relation
from schemawright.plan.operations.tables import DropColumn, SetExpression

EXPAND, CONTRACT = PhaseName.EXPAND, PhaseName.CONTRACT
_OBJ = pb.ObjectType
_AT = pb.AlterTableType
_RELATION_DROPS = {_OBJ.OBJECT_TABLE: "TABLE", _OBJ.OBJECT_VIEW: "VIEW", _OBJ.OBJECT_MATVIEW: "MATERIALIZED VIEW"}
_VIEW_KINDS = {"VIEW", "MATERIALIZED VIEW"}


def _dropped_relation(stmt: Stmt, ctx: Context) -> tuple[str, QualifiedName] | None:
    if stmt.which != "drop_stmt" or stmt.node.drop_stmt.remove_type not in _RELATION_DROPS:
        return None
    objects = stmt.node.drop_stmt.objects
    if len(objects) != 1 or not objects[0].HasField("list"):
        return None
    parts = [i.string.sval for i in objects[0].list.items]
    name = (parts[0], parts[-1]) if len(parts) >= 2 else (ctx.schema, parts[-1])
    return _RELATION_DROPS[stmt.node.drop_stmt.remove_type], name


def _created_relation(stmt: Stmt, ctx: Context) -> tuple[str, QualifiedName] | None:
    match stmt.which:
        case "create_stmt":
            return "TABLE", ctx.qualify(stmt.node.create_stmt.relation)
        case "view_stmt":
            return "VIEW", ctx.qualify(stmt.node.view_stmt.view)
        case "create_table_as_stmt" if stmt.node.create_table_as_stmt.objtype == _OBJ.OBJECT_MATVIEW:
            return "MATERIALIZED VIEW", ctx.qualify(stmt.node.create_table_as_stmt.into.rel)
    return None


def _created_relations(ctx: Context) -> dict[QualifiedName, list[tuple[str, Stmt]]]:
    """The relations the differ creates, by name: (kind, statement) in statement order."""
    found: dict[QualifiedName, list[tuple[str, Stmt]]] = defaultdict(list)
    for stmt in ctx.statements:
        made = _created_relation(stmt, ctx)
        if made is not None:
            found[made[1]].append((made[0], stmt))
    return found


def _inherits(live: Catalog, desired: Catalog, child: QualifiedName, parent: QualifiedName) -> bool:
    edge = (("relation", *child), ("relation", *parent))
    return edge in live.dependencies and edge in desired.dependencies


def _wraps_changes(drop: Stmt, create: Stmt, name: QualifiedName, ctx: Context) -> bool:
    """True when the differ changes a table the view reads between dropping and creating it: the view must be
    absent meanwhile (PostgreSQL refuses a column type change under a view), so no copy is built aside."""
    # Only live tables: a table the plan creates is complete (expand) before anything is dropped (contract).
    reads = {*ctx.live.view_dependencies.get(name, ()), *ctx.desired.view_dependencies.get(name, ())}
    reads &= ctx.live.tables.keys()
    ids = [id(s) for s in ctx.statements]
    between = ctx.statements[ids.index(id(drop)) + 1 : ids.index(id(create))]
    return any(
        s.which == "alter_table_stmt" and ctx.qualify(s.node.alter_table_stmt.relation) in reads for s in between
    )


def replacements(ctx: Context) -> list[Step]:
    """Plan every drop + create pair of the same relation or column as one change; mark both handled.

    Returns the steps; the tables replaced by another kind are removed from ``ctx.live`` (what comes
    after the create — indexes, constraints — is planned as on a new, empty table).
    """
    steps: list[Step] = []
    statements = ctx.statements
    for i, drop in enumerate(statements):
        dropped = _dropped_relation(drop, ctx)
        if dropped is not None:
            create = next(
                (
                    c
                    for kind, c in ctx.index(_created_relations).get(dropped[1], ())
                    if kind != dropped[0] or kind == "TABLE"
                ),
                None,
            )
            if (
                create is not None
                and id(create) not in ctx.handled
                and not _wraps_changes(drop, create, dropped[1], ctx)
            ):
                steps += _replace_relation(drop, dropped[0], create, dropped[1], ctx)
            continue
        removed = column_cmd(drop, ctx, _AT.AT_DropColumn)
        if removed is None:
            continue
        table, column, _cmd = removed
        for add in statements[i + 1 :]:
            added = column_cmd(add, ctx, _AT.AT_AddColumn)
            if added is None or added[1] != column or id(add) in ctx.handled:
                continue
            if added[0] == table or _inherits(ctx.live, ctx.desired, added[0], table):
                steps += _replace_column(drop, table, add, added[0], column, ctx)
                break
    return steps


def _replace_relation(drop: Stmt, old_kind: str, create: Stmt, name: QualifiedName, ctx: Context) -> list[Step]:
    ctx.handled.update({id(drop), id(create)})
    new_kind = _created_relation(create, ctx)
    assert new_kind is not None
    if old_kind == "VIEW" and new_kind[0] == "MATERIALIZED VIEW":
        # Built empty, populated in backfill and swapped in constrain, like a changed materialized view.
        return matviews.replace_built_aside(create, name, ctx, old_kind)
    if old_kind in _VIEW_KINDS and new_kind[0] in _VIEW_KINDS:
        return _swap_views(old_kind, create, new_kind[0], name, ctx)
    live_table = ctx.live.tables.get(name)
    rows = live_table.size_text if live_table and live_table.populated else "no rows"
    created = generated_kinds(create, name, ctx) if create.which == "create_stmt" else _with_options(create, name, ctx)
    views = viewchains.readers(name, ctx.live)
    drop_readers, create_readers = _readers_around(views, ctx)
    taken = (
        (
            f"; the views reading it ({', '.join(v[1] for v in reversed(views))}) are dropped first and "
            "re-created after it"
        )
        if views
        else ""
    )
    # The new relation and the re-created readers get their privileges and comments in this step.
    own = carry(name, ctx)
    carried = [action for v in reversed(views) for action in carry(v, ctx)]
    step = ctx.emit(
        [*drop_readers, drop, created, *own, *create_readers, *carried],
        CONTRACT,
        f"{old_kind.lower()} {name[1]} becomes a {new_kind[0].lower()} of the same name: dropped and "
        f"created in one transaction ({rows} deleted){taken}: held for approval",
        destructive=True,
        operation=Operation.REPLACE_RELATION,
    )
    if live_table is not None:
        tables = dict(ctx.live.tables)
        tables.pop(name)
        ctx.live = with_fields(ctx.live, tables=tables)
    return [step]


def _readers_around(views: list[QualifiedName], ctx: Context) -> tuple[list[Stmt], list[Stmt]]:
    """The drops (in the order of ``views``: readers first) and re-creations (in reverse) of the views reading
    a replaced relation: the differ's own statements for them when it has them (taken out of the queue), else
    a drop and the desired definition. PostgreSQL refuses to drop a relation a view reads (2BP01)."""
    drops: list[Stmt] = []
    creates: list[Stmt] = []
    for view in views:
        drop = next(
            (
                s
                for s in ctx.statements
                if id(s) not in ctx.handled
                and (d := _dropped_relation(s, ctx))
                and d[0] in _VIEW_KINDS
                and d[1] == view
            ),
            None,
        )
        create = next(
            (
                s
                for s in ctx.statements
                if id(s) not in ctx.handled
                and (c := _created_relation(s, ctx))
                and c[0] in _VIEW_KINDS
                and c[1] == view
            ),
            None,
        )
        kind = ctx.live.views.get(view, "VIEW")
        word = "MATERIALIZED VIEW" if kind.startswith("MATERIALIZED") else "VIEW"
        drops.append(drop or Stmt.parse(f"DROP {word} IF EXISTS {ident(*view)}"))
        if create is None and view in ctx.desired.view_sql:
            create = Stmt.parse(postgast.split(ctx.desired.view_sql[view])[0])
        if create is not None:
            creates.insert(0, _with_options(create, view, ctx))
        ctx.handled.update(id(s) for s in (drop, create) if s is not None)
    return drops, creates


def _desired_options(node: pb.Node, name: QualifiedName, ctx: Context) -> None:
    """Give the ``CREATE VIEW`` ``node`` of the view ``name`` the options of its desired definition. migra prints
    none: without ``security_invoker`` the view would read as its owner, past row security."""
    if node.WhichOneof("node") == "view_stmt" and name in ctx.desired.view_sql:
        wanted = Stmt.parse(postgast.split(ctx.desired.view_sql[name])[0]).node.view_stmt
        del node.view_stmt.options[:]
        node.view_stmt.options.extend(wanted.options)


def _with_options(stmt: Stmt, name: QualifiedName, ctx: Context) -> Stmt:
    """The differ's ``stmt`` creating the view ``name``, with its desired options (other statements as they are)."""
    if stmt.which != "view_stmt":
        return stmt
    node = stmt.copy_node()
    _desired_options(node, name, ctx)
    return Stmt(sql=deparse(node), node=node) if node != stmt.node else stmt


def _swap_views(old_kind: str, create: Stmt, new_kind: str, name: QualifiedName, ctx: Context) -> list[Step]:
    """Build the new view under a temporary name (a materialized view fills meanwhile), then swap names."""
    temp = temporary(name[1], "new")
    node = create.copy_node()
    if create.which == "view_stmt":
        node.view_stmt.view.relname = temp
        node.view_stmt.view.schemaname = name[0]
        _desired_options(node, name, ctx)
    else:
        node.create_table_as_stmt.into.rel.relname = temp
        node.create_table_as_stmt.into.rel.schemaname = name[0]
    grants_and_comments = carry(name, ctx, (name[0], temp))  # the rename keeps them: set before the swap
    build = ctx.emit(
        [Stmt(sql=deparse(node), node=node), *grants_and_comments],
        EXPAND,
        f"build the new {new_kind.lower()} {name[1]} under the temporary name "
        f"{temp}, while the old {old_kind.lower()} keeps serving reads"
        + (", with its privileges and comments" if grants_and_comments else ""),
        rollback=f"DROP {new_kind} IF EXISTS {ident(name[0], temp)}",
        destructive=False,
        operation=Operation.REPLACE_RELATION,
    )
    old_sql = ctx.live.view_sql.get(name)
    swap = ctx.emit(
        [
            dropped(f"DROP {old_kind} {ident(*name)}", RELATION_WORD[old_kind]),
            renamed_relation(
                f"ALTER {new_kind} {ident(name[0], temp)} RENAME TO {ident(name[1])}",
                RELATION_WORD[new_kind],
                (name[0], temp),
            ),
        ],
        EXPAND,
        f"swap: the {old_kind.lower()} {name[1]} is replaced by the {new_kind.lower()} built beside it, "
        "in one short transaction (never missing)",
        rollback=f"DROP {new_kind} {ident(*name)};\n{old_sql}" if old_sql else None,
        destructive=False,
        operation=Operation.REPLACE_RELATION,
    )
    # The old view's drop is undone by the rename in the same transaction: it breaks no client.
    hazards = tuple(h for h in swap.hazards if h not in (Hazard.IRREVERSIBLE, Hazard.BREAKS_CLIENTS))
    return [build, with_fields(swap, hazards=hazards)]


def _replace_column(
    drop: Stmt, table: QualifiedName, add: Stmt, target: QualifiedName, column: str, ctx: Context
) -> list[Step]:
    ctx.handled.update({id(drop), id(add)})
    live_parent = ctx.live.tables.get(table)
    live_child = ctx.live.tables.get(target)
    wanted = ctx.desired.tables.get(target)
    wanted_column = wanted.columns.get(column) if wanted else None
    kept = live_child.columns.get(column) if live_child else None
    rows = f" ({live_parent.size_text})" if live_parent and live_parent.populated else ""
    if (
        target != table
        and kept is not None
        and wanted_column is not None
        and (
            (kept.type, kept.not_null, kept.default, kept.generated)
            == (wanted_column.type, wanted_column.not_null, wanted_column.default, wanted_column.generated)
        )
    ):
        # ONLY: the child keeps its values; its column becomes its own instead of inherited.
        return [
            ctx.emit(
                DropColumn(f"ALTER TABLE ONLY {ident(*table)} DROP COLUMN {ident(column)}", table, column),
                CONTRACT,
                f"column {column} moves from {table[1]} to its child {target[1]}: dropped from "
                f"{table[1]} only, so {target[1]} keeps its values; {table[1]}'s own values{rows} are "
                "deleted: held for approval",
                destructive=True,
                operation=Operation.MOVE_COLUMN,
            )
        ]
    return [
        ctx.emit(
            [drop, add],
            CONTRACT,
            f"column {column} of {target[1]} is dropped and added again (its definition cannot be changed "
            f"in place): one transaction; its values{rows} are deleted: held for approval",
            destructive=True,
            operation=Operation.REPLACE_COLUMN,
        )
    ]


def generated_expression(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """A changed generation expression (migra: ``SET DEFAULT``) → ``ALTER COLUMN … SET EXPRESSION``."""
    matched = table_cmd(stmt, ctx, _AT.AT_ColumnDefault)
    if matched is None:
        return None
    cmd, table = matched
    live, desired = ctx.live.tables.get(table), ctx.desired.tables.get(table)
    old = live.columns.get(cmd.name) if live else None
    new = desired.columns.get(cmd.name) if desired else None
    if old is None or new is None or not old.generated or not new.generated or new.default is None:
        return None
    t, c = ident(*table), ident(cmd.name)
    sql = f"ALTER TABLE {t} ALTER COLUMN {c} SET EXPRESSION AS ({new.default})"
    rollback = f"ALTER TABLE {t} ALTER COLUMN {c} SET EXPRESSION AS ({old.default})" if old.default else None
    if new.generated == "v" or not ctx.is_populated(table):
        why = "a virtual column is computed on read" if new.generated == "v" else f"{table[1]} is empty"
        return [
            ctx.emit(
                SetExpression(sql, table, cmd.name),
                EXPAND,
                f"change the generation expression of {cmd.name}: {why}",
                rollback=rollback,
                remove=(Hazard.TABLE_REWRITE, Hazard.ACCESS_EXCLUSIVE_LOCK),
                operation=Operation.SET_EXPRESSION,
            )
        ]
    return [
        ctx.emit(
            SetExpression(sql, table, cmd.name),
            CONTRACT,
            f"change the generation expression of {cmd.name}: every row of {table[1]} is "
            "recomputed under an ACCESS EXCLUSIVE lock (a rewrite): held for approval",
            rollback=rollback,
            operation=Operation.SET_EXPRESSION,
        )
    ]
