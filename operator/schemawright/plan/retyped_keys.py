"""Columns retyped on both sides of a foreign key: a key turned from ``integer`` to ``text`` or ``uuid`` (Prisma's
cuid ids, documenso's folders in 2025) and the columns that reference it.

Retyped one at a time, the first change fails: "foreign key constraint … cannot be implemented", the other side
still of the old type. So the columns a group of foreign keys joins are retyped in one step, between the drop of
those keys and their addition again ``NOT VALID`` (the key swap's way, plan/fkeys.py), each key validated after.
Each column's change is what the type-change rewrite makes of it (plan/types.py): no ``USING`` when
binary-coercible, contract when it rewrites a populated table.
"""

from __future__ import annotations

from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Lock
from schemawright.classify.statements import parse_one
from schemawright.guard.nodes import range_name
from schemawright.inspect.catalog import ObjectRef
from schemawright.plan import types
from schemawright.plan.constraints import column_cmd
from schemawright.plan.context import Context, Stmt
from schemawright.plan.fkeys import ForeignKey, around, validations
from schemawright.plan.model import PHASE_ORDER, PhaseName, Step
from schemawright.plan.names import ident
from schemawright.plan.operations import Operation

_AT = pb.AlterTableType


def _columns(key: ForeignKey, ctx: Context) -> tuple[list[ObjectRef], list[ObjectRef]]:
    """The live foreign key's own columns and the columns it references (their names read from its definition)."""
    s, t, n = key
    con = ctx.live.constraints[key]
    node = parse_one(f"ALTER TABLE {ident(s, t)} ADD CONSTRAINT {ident(n)} {con.definition}")
    fk = getattr(node.alter_table_stmt.cmds[0].alter_table_cmd, "def").constraint
    referenced = con.referenced_table or range_name(fk.pktable, s)
    return (
        [("column", s, t, a.string.sval) for a in fk.fk_attrs],
        [("column", *referenced, a.string.sval) for a in fk.pk_attrs],
    )


def retyped_together(ctx: Context) -> list[Step]:
    """One step (and the keys' validations) per group of foreign keys whose columns are retyped on both sides;
    the type changes it takes are handled."""
    retyped: dict[ObjectRef, Stmt] = {}
    for stmt in ctx.statements:
        matched = None if id(stmt) in ctx.handled else column_cmd(stmt, ctx, _AT.AT_AlterColumnType)
        if matched is not None:
            retyped[("column", *matched[0], matched[1])] = stmt
    if not retyped:
        return []
    joined: list[tuple[ForeignKey, set[ObjectRef]]] = []
    for key, con in sorted(ctx.live.constraints.items()):
        if con.kind == "f" and key in ctx.desired.constraints:
            own, referenced = _columns(key, ctx)
            if any(c in retyped for c in own) and any(c in retyped for c in referenced):
                joined.append((key, {c for c in own + referenced if c in retyped}))
    steps: list[Step] = []
    while joined:  # one step per group of keys that share a retyped column
        keys, columns = [joined[0][0]], set(joined[0][1])
        rest = joined[1:]
        grown = True
        while grown:
            grown = False
            for item in list(rest):
                if item[1] & columns:
                    keys.append(item[0])
                    columns |= item[1]
                    rest.remove(item)
                    grown = True
        joined = rest
        steps += _retype(sorted(keys), {c: retyped[c] for c in sorted(columns)}, ctx)
    return steps


def _retype(keys: list[ForeignKey], retyped: dict[ObjectRef, Stmt], ctx: Context) -> list[Step]:
    changes = [step for stmt in retyped.values() for step in types.alter_type(stmt, ctx) or []]
    for stmt in retyped.values():
        ctx.handled.add(id(stmt))
    phase = max((s.phase for s in changes), key=PHASE_ORDER.index)
    tables = sorted({(s, t) for s, t, _n in keys} | {(c[1], c[2]) for c in retyped})
    hazards = {h for s in changes for h in s.hazards}
    names = ", ".join(n for _s, _t, n in keys)
    step = ctx.known_step(
        ";\n".join(around([s.sql.rstrip().rstrip(";") for s in changes], keys, ctx)),
        phase,
        f"the columns foreign key(s) {names} join change type on both sides: the keys are dropped, every column "
        "retyped and the keys added again NOT VALID, in one transaction (retyped one at a time, the first change "
        f"fails: the other side still has the old type); {'; '.join(s.reason for s in changes)}",
        kind="ALTER TABLE ALTER COLUMN TYPE",
        lock=Lock.ACCESS_EXCLUSIVE,
        table=tables[0],
        operation=Operation.RETYPE_FOREIGN_KEYS,
        hazards=tuple(hazards),
        destructive=any(s.destructive for s in changes),
    )
    after = PhaseName.CONSTRAIN if PHASE_ORDER.index(phase) <= PHASE_ORDER.index(PhaseName.CONSTRAIN) else phase
    return [step, *validations(keys, after, Operation.RETYPE_FOREIGN_KEYS, ctx)]
