"""Foreign keys in the way of a key swap.

A foreign key depends on the unique index of the key it references: PostgreSQL refuses to drop that key
(2BP01) while the foreign key exists. A swap that drops the key (a changed primary key, a unique constraint
turned into a plain index) therefore drops those foreign keys first and adds them again ``NOT VALID`` at the
end of the same transaction (never missing for other sessions); each is validated in a step of its own after
(SHARE UPDATE EXCLUSIVE: reads and writes continue).
"""

from __future__ import annotations

from schemawright.classify.hazards import Hazard, Lock
from schemawright.inspect.catalog import QualifiedName
from schemawright.plan.context import Context
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident
from schemawright.plan.operations import Operation

ForeignKey = tuple[str, str, str]  # (schema, table, constraint)


def using_index(index: QualifiedName, ctx: Context) -> list[ForeignKey]:
    """The live foreign keys that depend on the unique index ``index``."""
    return sorted(
        {
            (d[1], d[2], d[3])
            for d, r in ctx.live.dependencies
            if r == ("relation", *index)
            and d[0] == "constraint"
            and (d[1], d[2], d[3]) in ctx.live.constraints
            and ctx.live.constraints[(d[1], d[2], d[3])].kind == "f"
        }
    )


def around(sql: list[str], keys: list[ForeignKey], ctx: Context) -> list[str]:
    """``sql`` with ``keys`` dropped before it and added again ``NOT VALID`` after it."""
    drops = [f"ALTER TABLE {ident(s, t)} DROP CONSTRAINT {ident(n)}" for s, t, n in keys]
    adds = [
        f"ALTER TABLE {ident(s, t)} ADD CONSTRAINT {ident(n)} {ctx.live.constraints[(s, t, n)].definition} NOT VALID"
        for s, t, n in keys
    ]
    return drops + sql + adds


def validations(keys: list[ForeignKey], phase: PhaseName, operation: Operation, ctx: Context) -> list[Step]:
    """A ``VALIDATE CONSTRAINT`` step for each of ``keys`` added again ``NOT VALID``."""
    steps = []
    for s, t, n in keys:
        ctx.validated.add((s, t, n))
        steps.append(
            ctx.known_step(
                f"ALTER TABLE {ident(s, t)} VALIDATE CONSTRAINT {ident(n)}",
                phase,
                f"validate the foreign key {n}, added again NOT VALID, against existing rows; reads and writes continue",
                kind="ALTER TABLE VALIDATE CONSTRAINT",
                lock=Lock.SHARE_UPDATE_EXCLUSIVE,
                table=(s, t),
                operation=operation,
                hazards=(Hazard.VALIDATION_SCAN,) if ctx.is_populated((s, t)) else (),
            )
        )
    return steps
