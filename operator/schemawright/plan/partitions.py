"""Partitions the differ does not plan (docs/rewrites.md, "Partitions").

A table that becomes a partition (attached, or moved to another parent) or whose bound changes (a range
widened, a list value added): migra crashes on the first and emits nothing for the second (diff/partitions.py
keeps it quiet). Both are planned here from the live and desired catalogs: the partition is attached with its
desired bound; one that has a bound already is detached first, in the same transaction. On a populated table
the bound is proven beforehand by a ``CHECK`` of the constraint it implies, added ``NOT VALID`` (expand) and
validated without blocking writes (constrain), so the attach skips its scan under the ``ACCESS EXCLUSIVE``
lock; the check is dropped in the attach's transaction.

A table replaced by a partitioned one of the same name (or the reverse) — migra: drop + create — is one
transaction that loses nothing: a regular table's rows are copied into the new partitioned table (built under
a temporary name with its partitions, then renamed); a partitioned table's partitions are detached first (they
keep their rows), then the parent is dropped and created as a regular table. Either way the new table (and each
new partition) gets the privileges and comments the document gives it in the same transaction.
"""

from __future__ import annotations

from dataclasses import replace

from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Hazard, Lock
from schemawright.inspect.catalog import QualifiedName, Table
from schemawright.plan.carried import carried_kinds, carry
from schemawright.plan.context import Context, Stmt, deparse
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident, temporary
from schemawright.plan.operations import Operation


def partition_changes(ctx: Context) -> list[Step]:
    """Attach each live table that the desired database has as a partition of another parent or with another
    bound (detaching it from its old parent first)."""
    steps: list[Step] = []
    for name, wanted in sorted(ctx.desired.tables.items()):
        live = ctx.live.tables.get(name)
        if live is None or wanted.partition_of is None or live.kind != wanted.kind:
            continue
        if (live.partition_of, live.partition_bound) == (wanted.partition_of, wanted.partition_bound):
            continue
        steps += _attach(ctx, name, live, wanted)
    return steps


def _attach(ctx: Context, name: QualifiedName, live: Table, wanted: Table) -> list[Step]:
    assert wanted.partition_of is not None
    child, parent = ident(*name), ident(*wanted.partition_of)
    detach = f"ALTER TABLE {ident(*live.partition_of)} DETACH PARTITION {child}" if live.partition_of else None
    attach = f"ALTER TABLE {parent} ATTACH PARTITION {child} {wanted.partition_bound}"
    back = [f"ALTER TABLE {parent} DETACH PARTITION {child}"]
    if live.partition_of:
        back.append(f"ALTER TABLE {ident(*live.partition_of)} ATTACH PARTITION {child} {live.partition_bound}")
    what = (
        f"{name[1]} gets the bound {wanted.partition_bound} in {wanted.partition_of[1]}"
        if detach and live.partition_of == wanted.partition_of
        else f"{name[1]} becomes a partition of {wanted.partition_of[1]}"
    )
    kind = "ALTER TABLE DETACH PARTITION + ATTACH PARTITION" if detach else "ALTER TABLE ATTACH PARTITION"
    if not ctx.is_populated(name) or not wanted.partition_constraint:
        return [
            ctx.known_step(
                ";\n".join([s for s in (detach, attach) if s]),
                PhaseName.EXPAND,
                f"{what} ({'one transaction; ' if detach else ''}it holds no rows: nothing to check)",
                kind=kind,
                lock=Lock.ACCESS_EXCLUSIVE,
                table=name,
                operation=Operation.ATTACH_PARTITION,
                rollback=";\n".join(back),
            )
        ]
    check = ident(temporary(name[1], "bound"))
    return [
        ctx.known_step(
            f"ALTER TABLE {child} ADD CONSTRAINT {check} CHECK ({wanted.partition_constraint}) NOT VALID",
            PhaseName.EXPAND,
            f"{what}: the bound as a check, enforced for new rows from now on (brief lock, no "
            "scan), so that the attach need not scan the table",
            kind="ALTER TABLE ADD CONSTRAINT CHECK NOT VALID",
            lock=Lock.ACCESS_EXCLUSIVE,
            table=name,
            operation=Operation.ATTACH_PARTITION,
            rollback=f"ALTER TABLE {child} DROP CONSTRAINT IF EXISTS {check}",
        ),
        ctx.known_step(
            f"ALTER TABLE {child} VALIDATE CONSTRAINT {check}",
            PhaseName.CONSTRAIN,
            f"prove that every row of {name[1]} ({live.size_text}) fits the bound, without blocking writes "
            "(a row that does not fit fails this step, before anything is attached)",
            kind="ALTER TABLE VALIDATE CONSTRAINT",
            lock=Lock.SHARE_UPDATE_EXCLUSIVE,
            table=name,
            operation=Operation.ATTACH_PARTITION,
            hazards=(Hazard.VALIDATION_SCAN,),
        ),
        ctx.known_step(
            ";\n".join([s for s in (detach, attach) if s] + [f"ALTER TABLE {child} DROP CONSTRAINT {check}"]),
            PhaseName.CONSTRAIN,
            f"{what}, in one short transaction: the validated check proves the bound, so "
            "the attach does not scan; the check is dropped",
            kind=kind + " + DROP CONSTRAINT",
            lock=Lock.ACCESS_EXCLUSIVE,
            table=name,
            operation=Operation.ATTACH_PARTITION,
            rollback=";\n".join(back),
        ),
    ]


def _table_stmt(stmt: Stmt, ctx: Context) -> tuple[str, QualifiedName] | None:
    """("create" | "drop" | "detach", table) for the differ's table statements this module reads."""
    if stmt.which == "create_stmt":
        return "create", ctx.qualify(stmt.node.create_stmt.relation)
    if stmt.which == "drop_stmt" and stmt.node.drop_stmt.remove_type == pb.ObjectType.OBJECT_TABLE:
        items = [i.string.sval for o in stmt.node.drop_stmt.objects if o.HasField("list") for i in o.list.items]
        return ("drop", (items[0], items[-1]) if len(items) >= 2 else (ctx.schema, items[-1])) if items else None
    if stmt.which == "alter_table_stmt" and len(stmt.node.alter_table_stmt.cmds) == 1:
        cmd = stmt.node.alter_table_stmt.cmds[0].alter_table_cmd
        if cmd.subtype == pb.AlterTableType.AT_DetachPartition:
            return "detach", ctx.qualify(getattr(cmd, "def").partition_cmd.name)
    return None


def _partition_of(stmt: Stmt, ctx: Context) -> QualifiedName | None:
    create = stmt.node.create_stmt
    if stmt.which != "create_stmt" or not create.HasField("partbound") or len(create.inh_relations) != 1:
        return None
    return ctx.qualify(create.inh_relations[0].range_var)


def kind_replacements(ctx: Context) -> list[Step]:
    """A table replaced by a partitioned table of the same name, or the reverse: one transaction, nothing lost.
    The differ's statements it covers are marked handled; the replaced table is removed from ``ctx.live`` (what
    the differ adds to the new table afterwards is planned as on a new table)."""
    steps: list[Step] = []
    found = [(stmt, _table_stmt(stmt, ctx)) for stmt in ctx.statements if id(stmt) not in ctx.handled]
    creates: dict[QualifiedName, Stmt] = {}
    for stmt, what in reversed(found):  # the first create of each name wins, as a scan in order would find
        if what is not None and what[0] == "create":
            creates[what[1]] = stmt
    for drop, what in found:
        if what is None or what[0] != "drop":
            continue
        name = what[1]
        live, wanted = ctx.live.tables.get(name), ctx.desired.tables.get(name)
        create = creates.get(name)
        if live is None or wanted is None or create is None or {live.kind, wanted.kind} != {"r", "p"}:
            continue
        ctx.handled.update({id(drop), id(create)})
        if live.kind == "r":
            steps.append(_to_partitioned(ctx, name, live, wanted, create))
        else:
            steps.append(_to_regular(ctx, name, drop, create, found))
        tables = dict(ctx.live.tables)
        tables.pop(name)
        ctx.live = replace(ctx.live, tables=tables)
    return steps


def _to_partitioned(ctx: Context, name: QualifiedName, live: Table, wanted: Table, create: Stmt) -> Step:
    temp = (name[0], temporary(name[1], "new"))
    node = pb.Node()
    node.CopyFrom(create.node)
    node.create_stmt.relation.schemaname, node.create_stmt.relation.relname = temp
    sql = [deparse(node)]
    carried = carry(name, ctx, temp)  # the rename keeps them
    for stmt in ctx.statements:  # the new partitions, created on the new table (they hold its rows)
        if id(stmt) not in ctx.handled and _partition_of(stmt, ctx) == name:
            ctx.handled.add(id(stmt))
            part = pb.Node()
            part.CopyFrom(stmt.node)
            rv = part.create_stmt.inh_relations[0].range_var
            rv.schemaname, rv.relname = temp
            sql.append(deparse(part))
            carried += carry(ctx.qualify(stmt.node.create_stmt.relation), ctx)
    sql += [a.sql for a in carried]
    populated = ctx.is_populated(name)
    if populated:
        columns = ", ".join(ident(c) for c, col in wanted.columns.items() if c in live.columns and not col.generated)
        # Writes wait from the start: a row written during the copy would be lost with the old table.
        sql.insert(0, f"LOCK TABLE {ident(*name)} IN EXCLUSIVE MODE")
        sql.append(
            f"INSERT INTO {ident(*temp)} ({columns}) OVERRIDING SYSTEM VALUE SELECT {columns} FROM {ident(*name)}"
        )
    sql += [f"DROP TABLE {ident(*name)}", f"ALTER TABLE {ident(*temp)} RENAME TO {ident(name[1])}"]
    rows = (
        f"its rows ({live.size_text}) are copied into it (a row that fits no partition fails the step), "
        if populated
        else ""
    )
    return ctx.known_step(
        ";\n".join(sql),
        PhaseName.CONTRACT,
        f"{name[1]} becomes a partitioned table: the new one is built as {temp[1]} with its partitions, {rows}the "
        "old one dropped and the new one renamed, in one transaction (writes wait meanwhile): held for approval",
        kind="CREATE TABLE + INSERT + DROP TABLE + RENAME (partitioned)" + carried_kinds(carried),
        lock=Lock.ACCESS_EXCLUSIVE,
        table=name,
        operation=Operation.REPLACE_RELATION,
        hazards=(Hazard.TABLE_REWRITE, Hazard.BLOCKS_WRITES) if populated else (),
    )


def _to_regular(
    ctx: Context,
    name: QualifiedName,
    drop: Stmt,
    create: Stmt,
    found: list[tuple[Stmt, tuple[str, QualifiedName] | None]],
) -> Step:
    detached = [s for s, w in found if w and w[0] == "detach" and ctx.qualify(s.node.alter_table_stmt.relation) == name]
    ctx.handled.update(id(s) for s in detached)
    kept = {
        getattr(s.node.alter_table_stmt.cmds[0].alter_table_cmd, "def").partition_cmd.name.relname for s in detached
    }
    partitions = [t for t in ctx.live.tables.values() if t.partition_of == name]
    # Rows are lost unless every partition is detached (the parent holds none of its own).
    deletes = ctx.is_populated(name) and (not partitions or any(t.name not in kept for t in partitions))
    # The differ's drops of partitions stay steps of their own: the schedule runs them before the parent's.
    carried = carry(name, ctx)
    return ctx.known_step(
        ";\n".join([*(s.sql for s in [*detached, drop, create]), *(a.sql for a in carried)]),
        PhaseName.CONTRACT,
        f"{name[1]} becomes a regular table: "
        + ("its partitions are detached first (they keep their rows), then " if detached else "")
        + f"it is dropped and created again, in one transaction; queries on {name[1]} no longer see the "
        "partitions' rows: held for approval",
        kind=("DETACH PARTITION + " if detached else "") + "DROP TABLE + CREATE TABLE" + carried_kinds(carried),
        lock=Lock.ACCESS_EXCLUSIVE,
        table=name,
        operation=Operation.REPLACE_RELATION,
        destructive=True,
        hazards=(Hazard.BREAKS_CLIENTS, *((Hazard.DELETES_DATA, Hazard.IRREVERSIBLE) if deletes else ())),
    )


def _key_using_index(stmt: Stmt, ctx: Context) -> tuple[QualifiedName, str, str] | None:
    """(table, constraint, index) of the differ's ``ADD CONSTRAINT … PRIMARY KEY/UNIQUE USING INDEX``."""
    if stmt.which != "alter_table_stmt" or len(stmt.node.alter_table_stmt.cmds) != 1:
        return None
    cmd = stmt.node.alter_table_stmt.cmds[0].alter_table_cmd
    con = getattr(cmd, "def").constraint
    if (
        cmd.subtype != pb.AlterTableType.AT_AddConstraint
        or not con.indexname
        or con.contype not in (pb.ConstrType.CONSTR_PRIMARY, pb.ConstrType.CONSTR_UNIQUE)
    ):
        return None
    return ctx.qualify(stmt.node.alter_table_stmt.relation), con.conname, con.indexname


def partitioned_keys(ctx: Context) -> list[Step]:
    """A primary key or unique constraint added to an existing partitioned table. PostgreSQL refuses ``USING
    INDEX`` there, and ``ADD CONSTRAINT … (columns)`` builds every partition's index under a lock that blocks
    writes, unless each partition already has the key: so each partition's index is built ``CONCURRENTLY``
    (the differ's own statement, expand) and made its key (``USING INDEX``, constrain), then the parent's key
    is added by its definition (constrain), which attaches the partitions' keys and builds nothing."""
    steps: list[Step] = []
    keys = [
        (stmt, k)
        for stmt in ctx.statements
        if id(stmt) not in ctx.handled and (k := _key_using_index(stmt, ctx)) is not None
    ]
    for stmt, (parent, con, index) in keys:
        live = ctx.live.tables.get(parent)
        wanted = ctx.desired.constraints.get((*parent, con))
        parts = [t for t in ctx.live.tables.values() if t.partition_of == parent]
        if live is None or live.kind != "p" or wanted is None or any(t.kind != "r" for t in parts):
            continue
        ctx.handled.add(id(stmt))
        for other in ctx.statements:  # the parent's own index ON ONLY: the key's definition makes it
            if (
                other.which == "index_stmt"
                and other.node.index_stmt.idxname == index
                and ctx.qualify(other.node.index_stmt.relation) == parent
            ):
                ctx.handled.add(id(other))
        for part_stmt, (table, part_con, _index) in keys:
            if id(part_stmt) in ctx.handled or table not in {(t.schema, t.name) for t in parts}:
                continue
            ctx.handled.add(id(part_stmt))
            steps.append(
                ctx.known_step(
                    part_stmt.sql,
                    PhaseName.CONSTRAIN,
                    f"the key {part_con} of the partition {table[1]}, on its "
                    "index built concurrently (brief lock, no build), so that the parent's key attaches it",
                    kind="ALTER TABLE ADD CONSTRAINT USING INDEX",
                    lock=Lock.ACCESS_EXCLUSIVE,
                    table=table,
                    operation=Operation.PARTITIONED_KEY,
                    rollback=f"ALTER TABLE {ident(*table)} DROP CONSTRAINT IF EXISTS {ident(part_con)}",
                )
            )
        steps.append(
            ctx.known_step(
                f"ALTER TABLE {ident(*parent)} ADD CONSTRAINT {ident(con)} {wanted.definition}",
                PhaseName.CONSTRAIN,
                f"the key {con} of the partitioned table {parent[1]}, by its definition (USING INDEX is not supported "
                "on partitioned tables): every partition has the key already, so it is attached, nothing is built",
                kind="ALTER TABLE ADD CONSTRAINT",
                lock=Lock.ACCESS_EXCLUSIVE,
                table=parent,
                operation=Operation.PARTITIONED_KEY,
                rollback=f"ALTER TABLE {ident(*parent)} DROP CONSTRAINT IF EXISTS {ident(con)}",
            )
        )
    return steps
