"""Keys the differ gets wrong: renamed constraints, a unique constraint becoming a plain unique index, and a
changed unique index the differ does not rebuild.

- **Renamed constraint** — migra drops constraint ``a`` and adds ``b`` with the same definition on the same
  table (for a primary key: drops its index and builds a second one, and PostgreSQL refuses a second
  primary key). Planned as ``ALTER TABLE … RENAME CONSTRAINT a TO b`` (its index is renamed with it).
- **Unique constraint → unique index of the same name** — migra drops the constraint only (the index
  definition is the same, so it sees nothing else), which drops the index too. The index is built beside
  under a temporary name (expand), then the constraint is dropped and the new index renamed into place in
  one transaction (contract: the constraint goes). Foreign keys that use the constraint's index are dropped
  and added again ``NOT VALID`` in the same transaction, then validated.
- **Changed unique index of a constraint** (e.g. ``NULLS NOT DISTINCT`` added) — migra drops and adds the
  constraint ``USING INDEX`` without building the changed index: the build is put in front of it, and the
  usual rewrites then build it beside the old one and swap the constraint onto it.
"""

from __future__ import annotations

from dataclasses import replace

from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Hazard, Lock
from schemawright.inspect.catalog import Catalog, QualifiedName
from schemawright.plan import fkeys
from schemawright.plan.constraints import added_constraints, single_cmd
from schemawright.plan.context import Context, Stmt, deparse
from schemawright.plan.indexes import created_indexes
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident, qualified, temporary
from schemawright.plan.operations import Operation

_AT = pb.AlterTableType
_C = pb.ConstrType


def _constraint_cmd(stmt: Stmt, schema: str, subtype: int) -> tuple[QualifiedName, str, pb.AlterTableCmd] | None:
    """(table, constraint name, command) of an ``ALTER TABLE`` that adds or drops one constraint."""
    cmd = single_cmd(stmt)
    if cmd is None or cmd.subtype != subtype:
        return None
    rv = stmt.node.alter_table_stmt.relation
    name = getattr(cmd, "def").constraint.conname if subtype == _AT.AT_AddConstraint else cmd.name
    return (rv.schemaname or schema, rv.relname), name, cmd


def _index_name(stmt: Stmt, schema: str) -> QualifiedName | None:
    """The index a ``CREATE INDEX`` or ``DROP INDEX`` names."""
    if stmt.which == "index_stmt":
        return (stmt.node.index_stmt.relation.schemaname or schema, stmt.node.index_stmt.idxname)
    if stmt.which == "drop_stmt" and stmt.node.drop_stmt.remove_type == pb.ObjectType.OBJECT_INDEX:
        parts = [i.string.sval for o in stmt.node.drop_stmt.objects for i in o.list.items]
        return qualified(parts, schema)
    return None


def missing_index_builds(statements: list[Stmt], live: Catalog, desired: Catalog, schema: str) -> list[Stmt]:
    """``statements`` with the desired index built before each ``ADD CONSTRAINT … USING INDEX`` that replaces a
    live constraint whose index changed but that the differ does not build."""
    built = {_index_name(s, schema) for s in statements if s.which == "index_stmt"}
    result: list[Stmt] = []
    for stmt in statements:
        added = _constraint_cmd(stmt, schema, _AT.AT_AddConstraint)
        index = getattr(added[2], "def").constraint.indexname if added else ""
        key = (added[0][0], index) if added else None
        if (
            added
            and index
            and key not in built
            and key in live.indexes
            and key in desired.indexes
            and (
                (*added[0], added[1]) in live.constraints
                and live.indexes[key].definition != desired.indexes[key].definition
            )
        ):
            result.append(Stmt.parse(desired.indexes[key].definition))
            built.add(key)
        result.append(stmt)
    return result


def key_changes(ctx: Context) -> list[Step]:
    """Renamed constraints and unique constraints turned into unique indexes; their statements marked handled."""
    steps: list[Step] = []
    for stmt in ctx.statements:
        dropped = _constraint_cmd(stmt, ctx.schema, _AT.AT_DropConstraint)
        if dropped is None or id(stmt) in ctx.handled:
            continue
        table, name, _cmd = dropped
        old = ctx.live.constraints.get((*table, name))
        if old is None or (*table, name) in ctx.desired.constraints:
            continue
        renamed = _renamed_to(table, name, ctx)
        if renamed is not None:
            ctx.handled.add(id(stmt))
            steps.append(_rename(table, name, renamed, ctx))
        elif (
            old.kind in ("u", "p")
            and (table[0], name) in ctx.desired.indexes
            and (table[0], name) not in ctx.index(created_indexes)
        ):
            ctx.handled.add(id(stmt))
            steps += _constraint_to_index(table, name, ctx)
    return steps


def _renamed_to(table: QualifiedName, name: str, ctx: Context) -> str | None:
    """The one new constraint of ``table`` with the definition of the dropped ``name``, when the differ adds it."""
    old = ctx.live.constraints[(*table, name)]
    added = {added for added, s in ctx.index(added_constraints).get(table, ()) if id(s) not in ctx.handled}
    matches = [
        n
        for (s, t, n), c in ctx.desired.constraints.items()
        if (s, t) == table
        and n in added
        and (s, t, n) not in ctx.live.constraints
        and (c.kind, c.definition) == (old.kind, old.definition)
    ]
    return matches[0] if len(matches) == 1 else None


def _rename(table: QualifiedName, old: str, new: str, ctx: Context) -> Step:
    for stmt in ctx.statements:  # the differ's add (and validate) of the new name, and its index statements
        cmd = single_cmd(stmt)
        if (
            cmd is not None
            and ctx.qualify(stmt.node.alter_table_stmt.relation) == table
            and (
                (cmd.subtype == _AT.AT_AddConstraint and getattr(cmd, "def").constraint.conname == new)
                or (cmd.subtype == _AT.AT_ValidateConstraint and cmd.name == new)
            )
        ) or _index_name(stmt, ctx.schema) in ((table[0], old), (table[0], new)):
            ctx.handled.add(id(stmt))
    t = ident(*table)
    return ctx.known_step(
        f"ALTER TABLE {t} RENAME CONSTRAINT {ident(old)} TO {ident(new)}",
        PhaseName.EXPAND,
        f"constraint {old} is renamed to {new} (same definition; an index behind it is renamed with it)",
        kind="ALTER TABLE RENAME CONSTRAINT",
        lock=Lock.ACCESS_EXCLUSIVE,
        table=table,
        operation=Operation.RENAME_CONSTRAINT,
        rollback=f"ALTER TABLE {t} RENAME CONSTRAINT {ident(new)} TO {ident(old)}",
    )


def _constraint_to_index(table: QualifiedName, name: str, ctx: Context) -> list[Step]:
    for stmt in ctx.statements:
        if _index_name(stmt, ctx.schema) == (table[0], name):
            ctx.handled.add(id(stmt))  # dropping the constraint drops its index: it is rebuilt beside
    populated = ctx.is_populated(table)
    temp = temporary(name, "new")
    node = Stmt.parse(ctx.desired.indexes[(table[0], name)].definition).node
    node.index_stmt.idxname = temp
    node.index_stmt.concurrent = populated
    build = ctx.known_step(
        deparse(node),
        PhaseName.EXPAND,
        f"the unique constraint {name} becomes a plain unique index: the index is built beside it as {temp}",
        kind="CREATE UNIQUE INDEX CONCURRENTLY" if populated else "CREATE UNIQUE INDEX",
        lock=Lock.SHARE_UPDATE_EXCLUSIVE if populated else Lock.SHARE,
        table=table,
        operation=Operation.CONSTRAINT_TO_INDEX,
        hazards=(Hazard.INDEX_BUILD,) if populated else (),
        rollback=f"DROP INDEX IF EXISTS {ident(table[0], temp)}",
    )
    if populated:
        build = replace(build, transactional=False)  # CONCURRENTLY cannot run in a transaction
    users = fkeys.using_index((table[0], name), ctx)
    sql = fkeys.around(
        [
            f"ALTER TABLE {ident(*table)} DROP CONSTRAINT {ident(name)}",
            f"ALTER INDEX {ident(table[0], temp)} RENAME TO {ident(name)}",
        ],
        users,
        ctx,
    )
    keys = f" and the foreign keys that use it ({', '.join(n for _s, _t, n in users)}) are added again" if users else ""
    steps = [
        build,
        ctx.known_step(
            ";\n".join(sql),
            PhaseName.CONTRACT,
            f"swap: the unique constraint {name} is dropped and the index built beside it takes its name, in one "
            f"transaction{keys}: held for approval",
            kind="DROP CONSTRAINT + RENAME INDEX (swap)",
            lock=Lock.ACCESS_EXCLUSIVE,
            table=table,
            operation=Operation.CONSTRAINT_TO_INDEX,
            destructive=True,
        ),
    ]
    steps += fkeys.validations(users, PhaseName.CONTRACT, Operation.CONSTRAINT_TO_INDEX, ctx)
    return steps
