"""Inheritance: the differ's column statements on a child that its parent's change already makes.

migra compares every table on its own, so a column a parent gains or loses shows up on each child as well.
PostgreSQL propagates both: ``ADD COLUMN`` on the parent adds the column to its children (or merges it with a
child's own column of the same type), and ``DROP COLUMN`` drops it from children that only inherit it. The
child's own statement would then fail ("already exists", "does not exist", "cannot drop inherited column").
``NO INHERIT`` keeps the child's columns (they become its own), so the differ's re-additions are not run
either; only what differs from the desired column (its NOT NULL, its default) is changed (docs/rewrites.md).
"""

from __future__ import annotations

from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Hazard, Lock
from schemawright.inspect.catalog import Catalog, Column, QualifiedName
from schemawright.plan.constraints import column_cmd, table_cmd
from schemawright.plan.context import Context, Stmt
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident
from schemawright.plan.operations import Operation

_AT = pb.AlterTableType


def _column_stmts(ctx: Context, subtype: int) -> list[tuple[Stmt, QualifiedName, str]]:
    """The differ's unhandled ``ALTER TABLE … ADD/DROP COLUMN`` statements: (statement, table, column)."""
    found = []
    for stmt in ctx.statements:
        matched = None if id(stmt) in ctx.handled else column_cmd(stmt, ctx, subtype)
        if matched is not None:
            table, name, _cmd = matched
            found.append((stmt, table, name))
    return found


def _inherits(catalog: Catalog, child: QualifiedName, parent: QualifiedName) -> bool:
    return (("relation", *child), ("relation", *parent)) in catalog.dependencies


def _same_type(a: Column | None, b: Column | None) -> bool:
    return a is not None and b is not None and a.type == b.type


def inherited_changes(ctx: Context) -> list[Step]:
    """Take the children's duplicates of their parents' column changes out of the queue, and plan
    ``NO INHERIT`` with the column changes it needs. Returns the steps (only ``NO INHERIT`` makes any)."""
    adds = _column_stmts(ctx, _AT.AT_AddColumn)
    drops = _column_stmts(ctx, _AT.AT_DropColumn)
    added = {(table, column) for _s, table, column in adds}
    dropped = {(table, column) for _s, table, column in drops}
    for stmt, child, column in adds:
        # The parent's ADD COLUMN adds it to the child too, when both inherit from it before and after.
        if any(
            (parent, column) in added
            and parent != child
            and _inherits(ctx.live, child, parent)
            and _inherits(ctx.desired, child, parent)
            and _same_type(_desired(ctx, child, column), _desired(ctx, parent, column))
            for parent in _parents(ctx, child)
        ):
            ctx.handled.add(id(stmt))
    for stmt, child, column in drops:
        live_column = _live(ctx, child, column)
        for parent in _parents(ctx, child):
            if not _inherits(ctx.live, child, parent) or live_column is None:
                continue
            # A column the child only inherits goes with the parent's DROP COLUMN.
            goes_with_parent = (parent, column) in dropped and not live_column.local
            # A column the parent gains merges with the child's own column of the same type (it stays, values kept).
            merged = (
                (parent, column) in added
                and _inherits(ctx.desired, child, parent)
                and _same_type(live_column, _desired(ctx, parent, column))
            )
            if goes_with_parent or merged:
                ctx.handled.add(id(stmt))
                break
    return _no_inherit(ctx, adds)


def _parents(ctx: Context, child: QualifiedName) -> list[QualifiedName]:
    refs = {
        r
        for d, r in (*ctx.live.dependencies, *ctx.desired.dependencies)
        if d == ("relation", *child) and r[0] == "relation" and len(r) == 3
    }
    return sorted((r[1], r[2]) for r in refs if (r[1], r[2]) in ctx.live.tables or (r[1], r[2]) in ctx.desired.tables)


def _live(ctx: Context, table: QualifiedName, column: str) -> Column | None:
    t = ctx.live.tables.get(table)
    return t.columns.get(column) if t else None


def _desired(ctx: Context, table: QualifiedName, column: str) -> Column | None:
    t = ctx.desired.tables.get(table)
    return t.columns.get(column) if t else None


def _no_inherit(ctx: Context, adds: list[tuple[Stmt, QualifiedName, str]]) -> list[Step]:
    steps = []
    for stmt in ctx.statements:
        matched = None if id(stmt) in ctx.handled else table_cmd(stmt, ctx, _AT.AT_DropInherit)
        if matched is None:
            continue
        cmd, child = matched
        parent = ctx.qualify(getattr(cmd, "def").range_var)
        ctx.handled.add(id(stmt))
        sql = [f"ALTER TABLE {ident(*child)} NO INHERIT {ident(*parent)}"]
        rollback = [f"ALTER TABLE {ident(*child)} INHERIT {ident(*parent)}"]
        hazards = {Hazard.BREAKS_CLIENTS}
        for add, table, column in adds:
            old, new = _live(ctx, table, column), _desired(ctx, table, column)
            if table != child or id(add) in ctx.handled or not _same_type(old, new):
                continue
            assert old is not None and new is not None
            # The child keeps the column it inherited (now its own): only its differences from the desired one.
            ctx.handled.add(id(add))
            sql += _column_changes(child, old, new)
            rollback += _column_changes(child, new, old)
            if new.not_null and not old.not_null and ctx.is_populated(child):
                hazards |= {Hazard.VALIDATION_SCAN, Hazard.ACCESS_EXCLUSIVE_LOCK}
        steps.append(
            ctx.known_step(
                ";\n".join(sql),
                PhaseName.CONTRACT,
                f"{child[1]} leaves its parent {parent[1]}: queries on {parent[1]} no longer see {child[1]}'s rows; "
                f"{child[1]} keeps its columns (they become its own), so the differ's re-additions are not run: "
                "held for approval",
                kind="ALTER TABLE NO INHERIT",
                lock=Lock.ACCESS_EXCLUSIVE,
                table=child,
                operation=Operation.NO_INHERIT,
                hazards=tuple(hazards),
                rollback=";\n".join(reversed(rollback)),
                destructive=True,
            )
        )
    return steps


def _column_changes(table: QualifiedName, old: Column, new: Column) -> list[str]:
    """``ALTER COLUMN`` statements that turn the kept column ``old`` into ``new`` (same type)."""
    prefix = f"ALTER TABLE {ident(*table)} ALTER COLUMN {ident(new.name)}"
    sql = []
    if old.not_null != new.not_null:
        sql.append(f"{prefix} {'SET' if new.not_null else 'DROP'} NOT NULL")
    if old.default != new.default:
        sql.append(f"{prefix} SET DEFAULT {new.default}" if new.default is not None else f"{prefix} DROP DEFAULT")
    return sql
