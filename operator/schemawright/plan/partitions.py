"""Partitions the differ does not plan (docs/rewrites.md, "Partitions").

A table that becomes a partition (attached, or moved to another parent) or whose bound changes (a range
widened, a list value added): migra crashes on the first and emits nothing for the second (diff/partitions.py
keeps it quiet). Both are planned here from the live and desired catalogs: the partition is attached with its
desired bound; one that has a bound already is detached first, in the same transaction. On a populated table
the bound is proven beforehand by a ``CHECK`` of the constraint it implies, added ``NOT VALID`` (expand) and
validated without blocking writes (constrain), so the attach skips its scan under the ``ACCESS EXCLUSIVE``
lock; the check is dropped in the attach's transaction.
"""

from __future__ import annotations

from schemawright.catalog import QualifiedName, Table
from schemawright.hazards import Hazard, Lock
from schemawright.plan.context import Context
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
    detach = (f"ALTER TABLE {ident(*live.partition_of)} DETACH PARTITION {child}" if live.partition_of else None)
    attach = f"ALTER TABLE {parent} ATTACH PARTITION {child} {wanted.partition_bound}"
    back = [f"ALTER TABLE {parent} DETACH PARTITION {child}"]
    if live.partition_of:
        back.append(f"ALTER TABLE {ident(*live.partition_of)} ATTACH PARTITION {child} {live.partition_bound}")
    what = (f"{name[1]} gets the bound {wanted.partition_bound} in {wanted.partition_of[1]}" if detach and
            live.partition_of == wanted.partition_of else f"{name[1]} becomes a partition of {wanted.partition_of[1]}")
    kind = "ALTER TABLE DETACH PARTITION + ATTACH PARTITION" if detach else "ALTER TABLE ATTACH PARTITION"
    if not ctx.is_populated(name) or not wanted.partition_constraint:
        return [ctx.known_step(
            ";\n".join([s for s in (detach, attach) if s]), PhaseName.EXPAND,
            f"{what} ({'one transaction; ' if detach else ''}it holds no rows: nothing to check)", kind=kind,
            lock=Lock.ACCESS_EXCLUSIVE, table=name, operation=Operation.ATTACH_PARTITION,
            rollback=";\n".join(back))]
    check = ident(temporary(name[1], "bound"))
    return [
        ctx.known_step(
            f"ALTER TABLE {child} ADD CONSTRAINT {check} CHECK ({wanted.partition_constraint}) NOT VALID",
            PhaseName.EXPAND, f"{what}: the bound as a check, enforced for new rows from now on (brief lock, no "
            "scan), so that the attach need not scan the table", kind="ALTER TABLE ADD CONSTRAINT CHECK NOT VALID",
            lock=Lock.ACCESS_EXCLUSIVE, table=name, operation=Operation.ATTACH_PARTITION,
            rollback=f"ALTER TABLE {child} DROP CONSTRAINT IF EXISTS {check}"),
        ctx.known_step(
            f"ALTER TABLE {child} VALIDATE CONSTRAINT {check}", PhaseName.CONSTRAIN,
            f"prove that every row of {name[1]} ({live.size_text}) fits the bound, without blocking writes "
            "(a row that does not fit fails this step, before anything is attached)",
            kind="ALTER TABLE VALIDATE CONSTRAINT", lock=Lock.SHARE_UPDATE_EXCLUSIVE, table=name,
            operation=Operation.ATTACH_PARTITION, hazards=(Hazard.VALIDATION_SCAN,)),
        ctx.known_step(
            ";\n".join([s for s in (detach, attach) if s] + [f"ALTER TABLE {child} DROP CONSTRAINT {check}"]),
            PhaseName.CONSTRAIN, f"{what}, in one short transaction: the validated check proves the bound, so "
            "the attach does not scan; the check is dropped", kind=kind + " + DROP CONSTRAINT",
            lock=Lock.ACCESS_EXCLUSIVE, table=name, operation=Operation.ATTACH_PARTITION,
            rollback=";\n".join(back)),
    ]
