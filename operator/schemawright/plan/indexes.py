"""Index rewrites: build concurrently; replace a changed index by build-new, drop-old, rename."""

from __future__ import annotations

from dataclasses import dataclass

from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Hazard
from schemawright.inspect.catalog import Index
from schemawright.plan.context import Context, Stmt, deparse
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import bounded, ident, temporary
from schemawright.plan.operations.indexes import AttachIndex, CreateIndex, DropIndex, RenameIndex

EXPAND, CONTRACT = PhaseName.EXPAND, PhaseName.CONTRACT


def concurrently(definition: str) -> str:
    """``CREATE [UNIQUE] INDEX`` made ``CONCURRENTLY`` (for rollbacks that rebuild a live index)."""
    stmt = Stmt.parse(definition)
    stmt.node.index_stmt.concurrent = True
    return deparse(stmt.node)


@dataclass(frozen=True)
class _IndexChange:
    """One ``CREATE INDEX`` of the differ, with what decides how it is planned."""

    stmt: Stmt
    index: pb.IndexStmt
    table: tuple[str, str]
    name: tuple[str, str]
    partitioned: bool  # the table is partitioned in the desired schema
    old: Index | None  # the live index of that name: the definition changed

    def with_inh(self, inh: bool) -> pb.Node:
        """A copy of the statement ``ON ONLY`` the table (``inh`` False) or cascading to its partitions."""
        node = self.stmt.copy_node()
        node.index_stmt.relation.inh = inh
        return node


def create_index(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """``CREATE INDEX`` → ``CONCURRENTLY`` on existing tables; a changed index is rebuilt side by side."""
    if stmt.which != "index_stmt":
        return None
    index: pb.IndexStmt = stmt.node.index_stmt
    table = ctx.qualify(index.relation)
    name = (table[0], index.idxname)
    wanted = ctx.desired.indexes.get(name)
    desired_table = ctx.desired.tables.get(table)
    change = _IndexChange(
        stmt, index, table, name, bool(desired_table and desired_table.kind == "p"), ctx.live.indexes.get(name)
    )
    if wanted and wanted.parent and (ctx.is_new_table(table) or wanted.parent in ctx.live.indexes):
        # A partition's index comes with its parent's: with a new partition (inherited at CREATE TABLE … PARTITION
        # OF), or when the parent's index is (re)built with cascade. Only a new parent index on existing
        # partitions needs the partitions' indexes built concurrently and attached (below).
        return []
    if ctx.is_new_table(table):
        if wanted and wanted.constraint and change.partitioned:
            return []  # a partitioned table's key is added with its constraint (see constraints._unique)
        return _on_new_table(change, ctx)
    if change.old is None and not change.partitioned and not ctx.is_populated(table):
        # CONCURRENTLY would wait for every older transaction in the database; an empty table builds at once.
        return [
            ctx.emit(
                CreateIndex.of(stmt.sql, stmt.node, ctx.schema),
                EXPAND,
                f"index {index.idxname} on {table[1]}, which is empty: built at once",
                rollback=f"DROP INDEX IF EXISTS {ident(*name)}",
            )
        ]
    if change.partitioned:
        return _add_partitioned(change, ctx) if change.old is None else _replace_partitioned(change, change.old, ctx)
    if change.old is None:
        # A partition's index is attached to its parent's by the parent's step (see _add_partitioned).
        node = _concurrent(stmt)
        return [
            ctx.emit(
                CreateIndex.of(deparse(node), node, ctx.schema),
                EXPAND,
                f"build index {index.idxname} on {table[1]} concurrently: reads and writes continue",
                rollback=f"DROP INDEX CONCURRENTLY IF EXISTS {ident(*name)}",
            )
        ]
    return _replace_side_by_side(change, change.old, ctx)


def _concurrent(stmt: Stmt) -> pb.Node:
    node = stmt.copy_node()
    node.index_stmt.concurrent = True
    return node


def _on_new_table(change: _IndexChange, ctx: Context) -> list[Step]:
    """An index of a table this plan creates: built with it (no rows yet)."""
    index, table, name = change.index, change.table, change.name
    if change.partitioned and not index.relation.inh:
        # migra prints the parent's index ON ONLY and never attaches the partitions' indexes: on a new
        # table, let the index cascade to every partition instead.
        node = change.with_inh(True)
        return [
            ctx.emit(
                CreateIndex.of(deparse(node), node, ctx.schema),
                EXPAND,
                f"index {index.idxname} on the new partitioned table {table[1]} and all its partitions",
                rollback=f"DROP INDEX IF EXISTS {ident(*name)}",
            )
        ]
    return [
        ctx.emit(
            CreateIndex.of(change.stmt.sql, change.stmt.node, ctx.schema),
            EXPAND,
            f"index {index.idxname} on the new table {table[1]}: built with it",
            rollback=f"DROP INDEX IF EXISTS {ident(*name)}",
        )
    ]


def _replace_partitioned(change: _IndexChange, old: Index, ctx: Context) -> list[Step]:
    """A changed index of a partitioned table: online when its partitions allow it, else held for approval."""
    if not old.constraint and ctx.is_populated(change.table):
        online = _rebuild_partitioned_online(change.stmt, change.name, ctx)
        if online is not None:
            return online
    # PostgreSQL builds no index CONCURRENTLY on a partitioned table: the rebuild blocks writes to every
    # partition while it runs, so it is held for approval (one transaction: never without the index).
    node = change.with_inh(True)
    return [
        ctx.emit(
            [
                DropIndex(sql=f"DROP INDEX {ident(*change.name)}", name=change.name),
                CreateIndex.of(deparse(node), node, ctx.schema),
            ],
            CONTRACT,
            f"index {change.index.idxname} of the partitioned table {change.table[1]} changed: dropped and "
            "rebuilt on every partition in one transaction, blocking writes meanwhile: held for approval",
            destructive=False,
            remove=(Hazard.IRREVERSIBLE, Hazard.BREAKS_CLIENTS),
            rollback=None,
        )
    ]


def _add_partitioned(change: _IndexChange, ctx: Context) -> list[Step]:
    """A new index of an existing partitioned table: the parent's ``ON ONLY``, each partition's attached."""
    # CONCURRENTLY is impossible on a partitioned table: create the parent's index ON ONLY (instant,
    # invalid until every partition's index is attached); each partition's index is built concurrently.
    name, idxname = change.name, change.index.idxname
    node = change.with_inh(False)
    steps = [
        ctx.emit(
            CreateIndex.of(deparse(node), node, ctx.schema),
            EXPAND,
            f"index {idxname} on the partitioned table {change.table[1]} "
            "itself only (no rows); the partitions' indexes are built concurrently and attached",
            rollback=f"DROP INDEX IF EXISTS {ident(*name)}",
            remove=(Hazard.INDEX_BUILD, Hazard.BLOCKS_WRITES),
        )
    ]
    for child_name, child in sorted(ctx.desired.indexes.items()):
        if child.parent == name and not ctx.is_new_table((child_name[0], child.table)):
            attach = f"ALTER INDEX {ident(*name)} ATTACH PARTITION {ident(*child_name)}"
            steps.append(
                ctx.emit(
                    AttachIndex(sql=attach, parent=name, child=child_name),
                    EXPAND,
                    f"attach {child_name[1]} (built concurrently) to {idxname}",
                )
            )
    return steps


def _replace_side_by_side(change: _IndexChange, old: Index, ctx: Context) -> list[Step]:
    """The index exists with another definition: build the new one beside it, then swap names."""
    name = change.name
    schema, idxname = name
    tmp = temporary(idxname, "new")
    node = _concurrent(change.stmt)
    node.index_stmt.idxname = tmp
    ctx.replaced_indexes.add(name)
    build = ctx.emit(
        CreateIndex.of(deparse(node), node, ctx.schema),
        EXPAND,
        f"index {idxname} changed: build the new definition concurrently as {tmp}",
        rollback=f"DROP INDEX CONCURRENTLY IF EXISTS {ident(schema, tmp)}",
    )
    if old.constraint:
        # It backs a constraint: the constraint rewrite swaps it in with ADD CONSTRAINT … USING INDEX.
        ctx.index_temp_names[name] = tmp
        return [build]
    return [
        build,
        ctx.emit(
            DropIndex(sql=f"DROP INDEX CONCURRENTLY {ident(*name)}", name=name, concurrent=True),
            EXPAND,
            f"retire the old definition of {idxname} now that its replacement is valid",
            destructive=False,
            remove=(Hazard.IRREVERSIBLE, Hazard.BREAKS_CLIENTS),
            rollback=concurrently(old.definition),
        ),
        ctx.emit(
            RenameIndex(
                sql=f"ALTER INDEX {ident(schema, tmp)} RENAME TO {ident(idxname)}", name=(schema, tmp), to=idxname
            ),
            EXPAND,
            f"give the new index its name {idxname}",
            rollback=f"ALTER INDEX {ident(*name)} RENAME TO {ident(tmp)}",
        ),
    ]


def _rebuild_partitioned_online(stmt: Stmt, name: tuple[str, str], ctx: Context) -> list[Step] | None:
    """A changed index of a populated partitioned table, without blocking writes: the new parent index ``ON
    ONLY`` under a temporary name, each partition's index built ``CONCURRENTLY`` and attached, then the swap
    (drop the old, rename the new) in one short transaction. None when a partition is itself partitioned."""
    table = ctx.qualify(stmt.node.index_stmt.relation)
    partitions = sorted(k for k, t in ctx.live.tables.items() if t.partition_of == table)
    if not partitions or any(ctx.live.tables[p].kind == "p" for p in partitions):
        return None
    wanted_names = {(n[0], i.table): n[1] for n, i in ctx.desired.indexes.items() if i.parent == name}
    tmp = temporary(name[1], "new")
    parent = stmt.copy_node()
    parent.index_stmt.relation.inh = False
    parent.index_stmt.idxname = tmp
    steps = [
        ctx.emit(
            CreateIndex.of(deparse(parent), parent, ctx.schema),
            EXPAND,
            f"index {name[1]} of the partitioned table {table[1]} changed: the "
            f"new definition on {table[1]} itself only, as {tmp} (no rows: instant)",
            rollback=f"DROP INDEX IF EXISTS {ident(name[0], tmp)}",
            remove=(Hazard.INDEX_BUILD, Hazard.BLOCKS_WRITES, Hazard.ACCESS_EXCLUSIVE_LOCK),
        )
    ]
    renames: list[RenameIndex] = []
    for partition in partitions:
        child_name = wanted_names.get(partition) or bounded(f"{partition[1]}_{name[1]}")
        if (partition[0], child_name) in ctx.live.indexes:
            renames.append(
                RenameIndex(
                    sql=f"ALTER INDEX {ident(partition[0], temporary(child_name, 'new'))} "
                    f"RENAME TO {ident(child_name)}",
                    name=(partition[0], temporary(child_name, "new")),
                    to=child_name,
                )
            )
            child_name = temporary(child_name, "new")
        child = stmt.copy_node()
        child.index_stmt.relation.schemaname, child.index_stmt.relation.relname = partition
        child.index_stmt.idxname = child_name
        child.index_stmt.relation.inh = True  # a leaf partition: plain, not ON ONLY
        child.index_stmt.concurrent = True
        steps += [
            ctx.emit(
                CreateIndex.of(deparse(child), child, ctx.schema),
                EXPAND,
                f"build the new {name[1]} on the partition {partition[1]} concurrently: reads and writes continue",
                rollback=f"DROP INDEX CONCURRENTLY IF EXISTS {ident(partition[0], child_name)}",
            ),
            ctx.emit(
                AttachIndex(
                    sql=f"ALTER INDEX {ident(name[0], tmp)} ATTACH PARTITION {ident(partition[0], child_name)}",
                    parent=(name[0], tmp),
                    child=(partition[0], child_name),
                ),
                EXPAND,
                f"attach {child_name} to {tmp} (the parent index is valid once every partition's is attached)",
            ),
        ]
    ctx.replaced_indexes.add(name)
    swap = [
        DropIndex(sql=f"DROP INDEX {ident(*name)}", name=name),
        RenameIndex(
            sql=f"ALTER INDEX {ident(name[0], tmp)} RENAME TO {ident(name[1])}", name=(name[0], tmp), to=name[1]
        ),
        *renames,
    ]
    steps.append(
        ctx.emit(
            swap,
            EXPAND,
            f"swap: the old {name[1]} (and its partitions' indexes) is "
            "dropped and the new one takes its name, in one short transaction",
            destructive=False,
            remove=(Hazard.IRREVERSIBLE, Hazard.BREAKS_CLIENTS),
        )
    )
    return steps


def rebuild_invalid(ctx: Context) -> list[Step]:
    """Indexes a failed concurrent build left INVALID: dropped and built again.

    The differ compares definitions only, so it sees nothing to do; PostgreSQL never uses an invalid
    index (and refuses to turn one into a constraint), so without this the failure would stay forever.
    """
    steps: list[Step] = []
    for name, index in sorted(ctx.live.indexes.items()):
        wanted = ctx.desired.indexes.get(name)
        table = ctx.live.tables.get((index.schema, index.table))
        if index.valid or wanted is None or table is None or table.kind == "p" or _recreated(name, ctx):
            continue  # (a partitioned table's own index is invalid until every partition's is attached)
        steps += [
            ctx.emit(
                DropIndex(sql=f"DROP INDEX CONCURRENTLY IF EXISTS {ident(*name)}", name=name, concurrent=True),
                EXPAND,
                f"index {name[1]} is INVALID (an earlier concurrent build failed): drop it to build it again",
                destructive=False,
                remove=(Hazard.IRREVERSIBLE, Hazard.BREAKS_CLIENTS),
            ),
            ctx.emit(
                _build(concurrently(wanted.definition), ctx),
                EXPAND,
                f"build index {name[1]} again, concurrently",
                rollback=f"DROP INDEX CONCURRENTLY IF EXISTS {ident(*name)}",
            ),
        ]
    return steps


def drop_index(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """``DROP INDEX`` → contract, ``CONCURRENTLY``; nothing for an index that is being replaced."""
    if stmt.which != "drop_stmt" or stmt.node.drop_stmt.remove_type != pb.ObjectType.OBJECT_INDEX:
        return None
    steps = []
    for obj in stmt.node.drop_stmt.objects:
        parts = [i.string.sval for i in obj.list.items]
        name = (parts[0], parts[1]) if len(parts) == 2 else (ctx.schema, parts[-1])
        if _recreated(name, ctx):
            continue
        old = ctx.live.indexes.get(name)
        if old is not None and old.parent is not None:
            continue  # a partition's index goes with its parent's index (or its table)
        if old is not None and old.constraint and _constraint_dropped((old.schema, old.table), old.constraint, ctx):
            continue  # dropping its primary key or unique constraint drops it
        steps.append(
            ctx.emit(
                DropIndex(sql=f"DROP INDEX CONCURRENTLY IF EXISTS {ident(*name)}", name=name, concurrent=True),
                CONTRACT,
                f"index {name[1]} is no longer in the desired schema",
                destructive=True,
                rollback=concurrently(old.definition) if old else None,
            )
        )
    return steps


def _build(definition: str, ctx: Context) -> CreateIndex:
    """The build of an index from its definition (as the catalog or :func:`concurrently` spells it)."""
    return CreateIndex.of(definition, Stmt.parse(definition).node, ctx.schema)


def _recreated(name: tuple[str, str], ctx: Context) -> bool:
    return name in ctx.index(created_indexes)


def created_indexes(ctx: Context) -> set[tuple[str, str]]:
    """The indexes the differ creates."""
    return {
        (other.node.index_stmt.relation.schemaname or ctx.schema, other.node.index_stmt.idxname)
        for other in ctx.statements
        if other.which == "index_stmt"
    }


def _constraint_dropped(table: tuple[str, str], name: str, ctx: Context) -> bool:
    """True when the differ drops the constraint ``name`` of ``table``."""
    return (*table, name) in ctx.index(_dropped_constraints)


def _dropped_constraints(ctx: Context) -> set[tuple[str, str, str]]:
    """(schema, table, constraint) of every constraint the differ drops."""
    return {
        (*ctx.qualify(other.node.alter_table_stmt.relation), c.alter_table_cmd.name)
        for other in ctx.statements
        if other.which == "alter_table_stmt"
        for c in other.node.alter_table_stmt.cmds
        if c.alter_table_cmd.subtype == pb.AlterTableType.AT_DropConstraint
    }
