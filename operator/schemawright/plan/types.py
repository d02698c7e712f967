"""Column type changes: in place when PostgreSQL needs no rewrite; otherwise held for approval.

Why not expand–contract (new column, trigger-synchronised, swap)? That changes the application's
contract (a new column name) and needs dual writes; schemawright does not guess that for you. A
rewriting type change on a populated table is instead put in the contract phase, where it runs only
with approval, with its TABLE_REWRITE hazard and lock spelled out. For zero downtime, declare a new
column (with ``backfill:``) yourself and drop the old one in a later release. See docs/rewrites.md.
"""

from __future__ import annotations

from postgast import pg_query_pb2 as pb

from schemawright.classify.statements import type_text
from schemawright.classify.typechange import is_binary_coercible, is_narrowing
from schemawright.plan.constraints import table_cmd
from schemawright.plan.context import Context, Stmt, deparse
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident
from schemawright.plan.operations.tables import AlterColumnType

_AT = pb.AlterTableType


def alter_type(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """``ALTER COLUMN … TYPE``."""
    matched = table_cmd(stmt, ctx, _AT.AT_AlterColumnType)
    if matched is None:
        return None
    cmd, table = matched
    column_def = getattr(cmd, "def").column_def
    new_type = type_text(column_def.type_name)
    live = ctx.live.tables.get(table)
    old = live.columns.get(cmd.name) if live else None
    t, c = ident(*table), ident(cmd.name)
    rollback = f"ALTER TABLE {t} ALTER COLUMN {c} TYPE {old.type}" if old else None
    collation = column_def.HasField("coll_clause")
    if collation:
        # A new COLLATE: the type text alone would change nothing (and the old collation is not in the catalog,
        # so there is no rollback); the column's indexes are rebuilt.
        rollback = None
        new_type += " COLLATE " + ".".join(ident(n.string.sval) for n in column_def.coll_clause.collname)
    if old and not collation and is_binary_coercible(old.type, new_type):
        # Without USING, PostgreSQL recognises the binary-coercible change and skips the rewrite.
        return [
            ctx.emit(
                AlterColumnType(f"ALTER TABLE {t} ALTER COLUMN {c} TYPE {new_type}", table, cmd.name, rewrites=False),
                PhaseName.EXPAND,
                f"{cmd.name}: {old.type} → {new_type} is binary-coercible: catalog-only, no rewrite",
                rollback=rollback,
            )
        ]
    if not ctx.is_populated(table):
        return [
            ctx.emit(stmt, PhaseName.EXPAND, f"{cmd.name} becomes {new_type}; {table[1]} is empty", rollback=rollback)
        ]
    narrowing = bool(old and is_narrowing(old.type, new_type))
    why = (
        f"{cmd.name}: {old.type if old else '?'} → {new_type} rewrites the populated table {table[1]} under an "
        "ACCESS EXCLUSIVE lock"
    )
    changed = stmt
    if narrowing:
        # The differ's USING col::varchar(10) is an explicit cast, which silently cuts longer values. Without
        # USING, PostgreSQL applies the assignment cast: a value that does not fit fails the step instead.
        node = stmt.copy_node()
        getattr(node.alter_table_stmt.cmds[0].alter_table_cmd, "def").column_def.ClearField("raw_default")
        changed = Stmt(sql=deparse(node), node=node)
        why += " and narrows the type (a value that does not fit fails the step; nothing is cut)"
    return [
        ctx.emit(changed, PhaseName.CONTRACT, why + ": held for approval", destructive=narrowing, rollback=rollback)
    ]
