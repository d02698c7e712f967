"""Column rewrites: add columns without rewrites, NOT NULL through a validated CHECK, defaults."""

from __future__ import annotations

from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Hazard, Lock
from schemawright.errors import PlanError
from schemawright.inspect.catalog import QualifiedName
from schemawright.plan.constraints import table_cmd
from schemawright.plan.context import Context, Stmt, deparse
from schemawright.plan.model import Backfill, PhaseName, Step
from schemawright.plan.names import bounded, ident
from schemawright.plan.operations.tables import (
    AddCheckNotValid,
    DropConstraint,
    SetDefault,
    SetNotNull,
    ValidateConstraint,
)

EXPAND, BACKFILL, CONSTRAIN, CONTRACT = (PhaseName.EXPAND, PhaseName.BACKFILL, PhaseName.CONSTRAIN, PhaseName.CONTRACT)
_AT = pb.AlterTableType
_C = pb.ConstrType


def add_column(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """``ADD COLUMN``: no rewrite of a populated table, no NOT NULL without a filled column."""
    matched = table_cmd(stmt, ctx, _AT.AT_AddColumn)
    if matched is None:
        return None
    cmd, table = matched
    column_def: pb.ColumnDef = getattr(cmd, "def").column_def
    name = column_def.colname
    desired = ctx.desired.tables.get(table)
    spec = desired.columns.get(name) if desired else None
    _fix_generated_kind(column_def, spec.generated if spec else "")
    sql = deparse(stmt.node)
    added = Stmt(sql=sql, node=stmt.node)
    t = ident(*table)
    rollback = f"ALTER TABLE {t} DROP COLUMN IF EXISTS {ident(name)}"
    if not ctx.is_populated(table):
        return [ctx.emit(added, EXPAND, f"add column {name} to {table[1]}, which is empty", rollback=rollback)]
    kinds = {c.constraint.contype for c in column_def.constraints}
    if spec and (spec.generated == "s" or spec.identity):
        what = "a stored generated column" if spec.generated == "s" else "an identity column"
        return [
            ctx.emit(
                added,
                CONTRACT,
                f"adding {what} rewrites the populated table {table[1]} under an ACCESS EXCLUSIVE lock: "
                "held for approval",
                rollback=rollback,
            )
        ]
    if spec and spec.generated == "v":
        return [
            ctx.emit(
                added, EXPAND, f"add virtual generated column {name}: computed on read, no rewrite", rollback=rollback
            )
        ]
    volatile = bool(spec and spec.default_volatile)
    not_null = _C.CONSTR_NOTNULL in kinds
    has_default = _C.CONSTR_DEFAULT in kinds
    if not volatile and (has_default or not not_null):
        why = (
            "a constant default is stored once in the catalog (no rewrite)"
            if has_default
            else "a nullable column without a default is a catalog-only change"
        )
        return [ctx.emit(added, EXPAND, f"add column {name} to {table[1]}: {why}", rollback=rollback)]
    # Volatile default, or NOT NULL without a default: add it nullable, fill it in batches, then enforce.
    default_expr = spec.default if spec else None
    nullable = stmt.copy_node()
    cdef = getattr(nullable.alter_table_stmt.cmds[0].alter_table_cmd, "def").column_def
    kept = [c for c in cdef.constraints if c.constraint.contype not in (_C.CONSTR_NOTNULL, _C.CONSTR_DEFAULT)]
    del cdef.constraints[:]
    cdef.constraints.extend(kept)
    steps = [
        ctx.emit(
            Stmt(sql=deparse(nullable), node=nullable),
            EXPAND,
            f"add column {name} to the populated table {table[1]} as nullable without a default: a catalog-only change",
            rollback=rollback,
        )
    ]
    if default_expr:
        steps.append(
            ctx.emit(
                SetDefault(f"ALTER TABLE {t} ALTER COLUMN {ident(name)} SET DEFAULT {default_expr}", table, name),
                EXPAND,
                f"rows inserted from now on get {name}'s default; existing rows are backfilled",
                rollback=f"ALTER TABLE {t} ALTER COLUMN {ident(name)} DROP DEFAULT",
            )
        )
    expression = ctx.hints.backfills.get((*table, name)) or default_expr
    if expression is None:
        path = ctx.hints.paths.get((*table, name), f"the column {name} of {table[0]}.{table[1]}")
        raise PlanError(
            f"{path}: a NOT NULL column without a default cannot be added to {table[0]}.{table[1]}, which has "
            f"rows: existing rows would have no value. Add `default:` (a constant is instant) or `backfill:` "
            f"(an expression that fills existing rows in batches) to the column."
        )
    steps.append(_backfill_step(table, name, expression, ctx))
    if not_null:
        steps += not_null_steps(table, name, ctx)
    return steps


def _fix_generated_kind(column_def: pb.ColumnDef, desired_kind: str) -> None:
    # migra predates PostgreSQL 18 and prints STORED for virtual generated columns (a table rewrite).
    for c in column_def.constraints:
        if c.constraint.contype == _C.CONSTR_GENERATED and desired_kind in ("s", "v"):
            c.constraint.generated_kind = desired_kind


def _backfill_step(table: QualifiedName, column: str, expression: str, ctx: Context) -> Step:
    live = ctx.live.tables.get(table)
    if live is None or not live.primary_key:
        raise PlanError(
            f"{table[0]}.{table[1]} has rows but no primary key, so {column} cannot be backfilled in batches. "
            f"Add a primaryKey to the table first (in an earlier apply), or give the column a constant default."
        )
    backfill = Backfill(
        schema=table[0],
        table=table[1],
        column=column,
        expression=expression,
        key=live.primary_key,
        batch_size=ctx.hints.batch_size,
    )
    # Classified by construction (SQL we generate is not re-parsed): each batch updates rows, ROW EXCLUSIVE.
    return Step(
        sql=backfill.batch_sql() + ";",
        phase=BACKFILL,
        reason=f"fill {column} for the existing rows ({live.size_text}) of {table[1]} with {expression}, "
        f"{backfill.batch_size} rows per transaction in primary-key order (resumable: only NULLs are touched)",
        kind="BACKFILL",
        lock=Lock.ROW_EXCLUSIVE,
        hazards=(Hazard.BACKFILL,),
        table=f"{table[0]}.{table[1]}",
        backfill=backfill,
    )


def not_null_steps(table: QualifiedName, column: str, ctx: Context) -> list[Step]:
    """Enforce NOT NULL on a populated table without a long exclusive lock (PostgreSQL ≥ 12)."""
    t, c = ident(*table), ident(column)
    check = bounded(f"sw_{table[1]}_{column}_not_null")
    return [
        ctx.emit(
            AddCheckNotValid(
                f"ALTER TABLE {t} ADD CONSTRAINT {ident(check)} CHECK ({c} IS NOT NULL) NOT VALID", table, check
            ),
            CONSTRAIN,
            f"forbid new NULLs in {column} at once without scanning existing rows",
            rollback=f"ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {ident(check)}",
        ),
        ctx.emit(
            ValidateConstraint(f"ALTER TABLE {t} VALIDATE CONSTRAINT {ident(check)}", table, check),
            CONSTRAIN,
            f"prove no existing row has a NULL {column}; reads and writes continue",
        ),
        ctx.emit(
            [
                SetNotNull(f"ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL", table, column),
                DropConstraint(f"ALTER TABLE {t} DROP CONSTRAINT {ident(check)}", table, check),
            ],
            CONSTRAIN,
            "SET NOT NULL uses the validated check instead of scanning, then the check goes",
            remove=(Hazard.VALIDATION_SCAN, Hazard.ACCESS_EXCLUSIVE_LOCK),
            rollback=f"ALTER TABLE {t} ALTER COLUMN {c} DROP NOT NULL",
            destructive=False,
        ),
    ]


def set_not_null(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """``SET NOT NULL`` on a populated table → backfill NULLs (if told how), CHECK NOT VALID, VALIDATE, SET."""
    matched = table_cmd(stmt, ctx, _AT.AT_SetNotNull)
    if matched is None:
        return None
    cmd, table = matched
    t = ident(*table)
    if not ctx.is_populated(table):
        return [
            ctx.emit(
                stmt,
                EXPAND,
                f"{cmd.name} becomes NOT NULL; {table[1]} is empty",
                rollback=f"ALTER TABLE {t} ALTER COLUMN {ident(cmd.name)} DROP NOT NULL",
            )
        ]
    steps: list[Step] = []
    desired = ctx.desired.tables.get(table)
    spec = desired.columns.get(cmd.name) if desired else None
    expression = ctx.hints.backfills.get((*table, cmd.name)) or (spec.default if spec else None)
    if expression:
        steps.append(_backfill_step(table, cmd.name, expression, ctx))
    return steps + not_null_steps(table, cmd.name, ctx)


def relax_column(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """``DROP NOT NULL`` and ``SET/DROP DEFAULT``: catalog-only and compatible → expand."""
    matched = table_cmd(stmt, ctx, _AT.AT_DropNotNull, _AT.AT_ColumnDefault)
    if matched is None:
        return None
    cmd, table = matched
    live = ctx.live.tables.get(table)
    old = live.columns.get(cmd.name) if live else None
    t, c = ident(*table), ident(cmd.name)
    if cmd.subtype == _AT.AT_DropNotNull:
        return [
            ctx.emit(
                stmt,
                EXPAND,
                f"{cmd.name} may be NULL from now on",
                rollback=f"ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL",
            )
        ]
    desired_table = ctx.desired.tables.get(table)
    wanted = desired_table.columns.get(cmd.name) if desired_table else None
    setting = getattr(cmd, "def").ByteSize() > 0
    rebuilt = {f"{s}.{n}" for s, n in ctx.enum_rebuilds} | {n for _s, n in ctx.enum_rebuilds}
    if wanted is not None and wanted.type in rebuilt:
        return []  # the enum's rebuild step drops and re-sets this default in its own transaction
    # migra drops and re-sets defaults around an enum rebuild; when the enum only gains values (ADD VALUE keeps
    # the type) skipping both avoids a window in which inserts relying on the default fail.
    if (
        wanted is not None
        and wanted.default is not None
        and old is not None
        and (not setting or old.default == wanted.default)
    ):
        return []
    rollback = (
        f"ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {old.default}"
        if old and old.default
        else f"ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT"
    )
    return [ctx.emit(stmt, EXPAND, f"change the default of {cmd.name} (new rows only)", rollback=rollback)]


def drop_column(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """``DROP COLUMN`` → contract, destructive."""
    matched = table_cmd(stmt, ctx, _AT.AT_DropColumn)
    if matched is None:
        return None
    cmd, table = matched
    live = ctx.live.tables.get(table)
    rows = f" (the table holds {live.size_text})" if live and live.populated else ""
    return [
        ctx.emit(
            stmt,
            CONTRACT,
            f"column {cmd.name} of {table[1]} is no longer desired{rows}: its values are deleted",
            destructive=True,
        )
    ]
