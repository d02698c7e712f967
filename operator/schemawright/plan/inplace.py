"""Triggers and policies the differ drops and re-creates, changed in place instead.

migra spells a changed trigger or policy as ``DROP`` + ``CREATE``. Run as two steps, there is a window in
which writes skip the trigger, or the table has no policy (every role but the owner loses sight of its rows,
or gains it). Here the pair becomes one statement that PostgreSQL applies atomically:

- a trigger: ``CREATE OR REPLACE TRIGGER`` (PostgreSQL 14+), at the position of the differ's create, so it
  still follows the function it calls;
- a policy whose command and kind (permissive/restrictive) stay: ``ALTER POLICY`` with the changed parts
  (roles, ``USING``, ``WITH CHECK``);
- otherwise (a constraint trigger, a policy changing its command or losing a clause): the drop and the
  create in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Lock
from schemawright.inspect.catalog import Policy
from schemawright.plan.context import Context, Stmt, deparse
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident
from schemawright.plan.operations import Operation

_OBJ = pb.ObjectType
Member = tuple[str, str, str]  # (schema, table, name) of a trigger or policy


def _dropped(stmt: Stmt, ctx: Context, kind: int) -> Member | None:
    if stmt.which != "drop_stmt" or stmt.node.drop_stmt.remove_type != kind:
        return None
    objects = stmt.node.drop_stmt.objects
    if len(objects) != 1 or not objects[0].HasField("list"):
        return None
    parts = [i.string.sval for i in objects[0].list.items]
    schema = parts[0] if len(parts) == 3 else ctx.schema
    return schema, parts[-2], parts[-1]


def _created(stmt: Stmt, ctx: Context) -> Member | None:
    match stmt.which:
        case "create_trig_stmt":
            table = ctx.qualify(stmt.node.create_trig_stmt.relation)
            return (*table, stmt.node.create_trig_stmt.trigname)
        case "create_policy_stmt":
            table = ctx.qualify(stmt.node.create_policy_stmt.table)
            return (*table, stmt.node.create_policy_stmt.policy_name)
    return None


def _replacement(stmt: Stmt, ctx: Context, kind: int) -> tuple[Member, Stmt, Stmt] | None:
    """(member, the differ's drop, its create) when ``stmt`` is either half of a drop + create of ``kind``."""
    create_kind = "create_trig_stmt" if kind == _OBJ.OBJECT_TRIGGER else "create_policy_stmt"
    member = _dropped(stmt, ctx, kind) or (_created(stmt, ctx) if stmt.which == create_kind else None)
    if member is None:
        return None
    halves = ctx.index(_halves)
    drop, create = halves.get((kind, member)), halves.get((create_kind, member))
    return (member, drop, create) if drop is not None and create is not None else None


def _halves(ctx: Context) -> dict[tuple[int | str, Member], Stmt]:
    """The first drop of each trigger and policy, by (object kind, member), and the first create, by (statement
    kind, member)."""
    found: dict[tuple[int | str, Member], Stmt] = {}
    for s in ctx.statements:
        for kind in (_OBJ.OBJECT_TRIGGER, _OBJ.OBJECT_POLICY):
            dropped = _dropped(s, ctx, kind)
            if dropped is not None:
                found.setdefault((kind, dropped), s)
        created = _created(s, ctx)
        if created is not None:
            found.setdefault((s.which, created), s)
    return found


def _one_transaction(drop: Stmt, create: Stmt, what: str, member: Member, ctx: Context) -> list[Step]:
    return [
        ctx.emit(
            [drop, create],
            PhaseName.EXPAND,
            f"{what} {member[2]} on {member[1]} changed in a way it cannot be altered in place: dropped and "
            "created in one transaction, so it is never missing",
            destructive=False,
        )
    ]


def _in_place(
    stmt: Stmt, ctx: Context, kind: int, change: Callable[[Member, Stmt, Stmt, Context], list[Step]]
) -> list[Step] | None:
    """The drop half of a pair plans nothing; the create half plans the whole ``change`` where it stands."""
    found = _replacement(stmt, ctx, kind)
    if found is None:
        return None
    member, drop, create = found
    if _retyped_between(drop, create, member, ctx):
        return None  # dropped and re-created around the column change (the view rules), never altered before it
    return [] if stmt is drop else change(member, drop, create, ctx)


def _retyped_between(drop: Stmt, create: Stmt, member: Member, ctx: Context) -> bool:
    """True when the differ changes the type of (or drops) a column of ``member``'s table between the drop and
    the create: PostgreSQL refuses that while a trigger or policy uses the column."""
    at = pb.AlterTableType
    positions = [k for k, s in enumerate(ctx.statements) if s is drop or s is create]
    return any(
        s.which == "alter_table_stmt"
        and ctx.qualify(s.node.alter_table_stmt.relation) == member[:2]
        and any(
            c.alter_table_cmd.subtype in (at.AT_AlterColumnType, at.AT_DropColumn) for c in s.node.alter_table_stmt.cmds
        )
        for s in ctx.statements[positions[0] + 1 : positions[-1]]
    )


def replace_trigger(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """A trigger dropped and created again → one ``CREATE OR REPLACE TRIGGER`` where the create was."""
    return _in_place(stmt, ctx, _OBJ.OBJECT_TRIGGER, _replace_trigger)


def replace_policy(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """A policy dropped and created again → ``ALTER POLICY`` with what changed, where the create was."""
    return _in_place(stmt, ctx, _OBJ.OBJECT_POLICY, _alter_policy)


def _replace_trigger(member: Member, drop: Stmt, create: Stmt, ctx: Context) -> list[Step]:
    old = ctx.live.triggers.get(member, "")
    if create.node.create_trig_stmt.isconstraint or not old.startswith("CREATE TRIGGER"):
        # A constraint trigger cannot be replaced in place.
        return _one_transaction(drop, create, "trigger", member, ctx)
    node = create.copy_node()
    node.create_trig_stmt.replace = True
    return [
        ctx.known_step(
            deparse(node),
            PhaseName.EXPAND,
            f"trigger {member[2]} on {member[1]} changed: replaced in one statement, so no write runs without it",
            kind="CREATE OR REPLACE TRIGGER",
            lock=Lock.SHARE_ROW_EXCLUSIVE,
            table=member[:2],
            operation=Operation.REPLACE_TRIGGER,
            rollback=old.replace("CREATE TRIGGER", "CREATE OR REPLACE TRIGGER", 1),
        )
    ]


def _alterable(old: Policy, new: Policy) -> bool:
    """ALTER POLICY changes roles and expressions, but cannot change the command or kind, or remove a clause."""
    return (old.permissive, old.command) == (new.permissive, new.command) and not (
        (old.using is not None and new.using is None) or (old.check is not None and new.check is None)
    )


def _roles(roles: tuple[str, ...]) -> str:
    return ", ".join("PUBLIC" if r == "public" else ident(r) for r in roles)


def _alter_policy(member: Member, drop: Stmt, create: Stmt, ctx: Context) -> list[Step]:
    old, new = ctx.live.policy_parts.get(member), ctx.desired.policy_parts.get(member)
    if old is None or new is None or not _alterable(old, new):
        return _one_transaction(drop, create, "policy", member, ctx)
    source = create.node.create_policy_stmt
    node = pb.Node()
    alter = node.alter_policy_stmt
    alter.policy_name = member[2]
    alter.table.CopyFrom(source.table)
    undo = []
    if old.roles != new.roles:
        alter.roles.extend(source.roles)
        undo.append(f"TO {_roles(old.roles)}")
    if old.using != new.using:
        alter.qual.CopyFrom(source.qual)
        undo.append(f"USING ({old.using})" if old.using is not None else "")
    if old.check != new.check:
        alter.with_check.CopyFrom(source.with_check)
        undo.append(f"WITH CHECK ({old.check})" if old.check is not None else "")
    target = f"{ident(member[2])} ON {ident(*member[:2])}"
    return [
        ctx.known_step(
            deparse(node),
            PhaseName.EXPAND,
            f"policy {member[2]} on {member[1]} changed: altered in place, so the table is never without it",
            kind="ALTER POLICY",
            lock=Lock.ACCESS_EXCLUSIVE,
            table=member[:2],
            operation=Operation.REPLACE_POLICY,
            # A clause the live policy does not have cannot be taken away again by ALTER POLICY.
            rollback=None if "" in undo else f"ALTER POLICY {target} {' '.join(undo)}",
        )
    ]
