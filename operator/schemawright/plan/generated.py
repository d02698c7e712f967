"""Generated columns: what the differ misclassifies or misses (docs/rewrites.md, "Generated columns").

- ``DROP EXPRESSION`` of a *stored* column keeps the stored values as the column's own: catalog-only, no
  rewrite (PostgreSQL 18 refuses it for a virtual column; that error is left to surface as is).
- A column changing between ``STORED`` and ``VIRTUAL`` (PostgreSQL 18): migra predates virtual columns and
  sees no difference. No ``ALTER`` changes the kind, so the column is dropped and added again with the desired
  expression, in one transaction. Its values are computed, so nothing is lost.
"""

from __future__ import annotations

from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Hazard, Lock
from schemawright.inspect.catalog import Column, QualifiedName
from schemawright.plan.constraints import table_cmd
from schemawright.plan.context import Context, Stmt
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident
from schemawright.plan.operations import Operation

_AT = pb.AlterTableType
_KIND = {"s": "STORED", "v": "VIRTUAL"}


def drop_expression(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """``ALTER COLUMN … DROP EXPRESSION`` of a stored column: the values stay, nothing is rewritten."""
    matched = table_cmd(stmt, ctx, _AT.AT_DropExpression)
    if matched is None:
        return None
    cmd, table = matched
    live = ctx.live.tables.get(table)
    column = live.columns.get(cmd.name) if live else None
    if column is None or column.generated != "s":
        return None
    return [
        ctx.known_step(
            stmt.sql,
            PhaseName.EXPAND,
            f"{cmd.name} of {table[1]} becomes a plain column: its stored values stay "
            "(catalog-only, no rewrite); it is no longer computed, so writes may set it",
            kind="ALTER TABLE DROP EXPRESSION",
            lock=Lock.ACCESS_EXCLUSIVE,
            table=table,
            operation=Operation.DROP_EXPRESSION,
            hazards=(Hazard.IRREVERSIBLE,),
        )
    ]


def kind_changes(ctx: Context) -> list[Step]:
    """Columns whose generated kind changes (stored ↔ virtual): dropped and added in one transaction, in
    contract. The differ's own statements for such a column (an expression change) are taken out of the
    queue: the added column carries the desired expression."""
    steps = []
    for key, wanted in sorted(ctx.desired.tables.items()):
        table = ctx.live.tables.get(key)
        if table is None:
            continue
        for name, new in wanted.columns.items():
            old = table.columns.get(name)
            if (
                old is None
                or not old.generated
                or not new.generated
                or old.generated == new.generated
                or old.default is None
                or new.default is None
            ):
                continue
            _take_differ_statements(ctx, key, name)
            steps.append(_replace(ctx, key, old, new))
    return steps


def _take_differ_statements(ctx: Context, table: QualifiedName, column: str) -> None:
    for stmt in ctx.statements:
        if stmt.which != "alter_table_stmt" or ctx.qualify(stmt.node.alter_table_stmt.relation) != table:
            continue
        cmds = stmt.node.alter_table_stmt.cmds
        if len(cmds) == 1 and cmds[0].alter_table_cmd.name == column:
            ctx.handled.add(id(stmt))


def _replace(ctx: Context, table: QualifiedName, old: Column, new: Column) -> Step:
    t, c = ident(*table), ident(new.name)

    def swap(to: Column) -> str:
        return (
            f"ALTER TABLE {t} DROP COLUMN {c};\n"
            f"ALTER TABLE {t} ADD COLUMN {c} {to.type} GENERATED ALWAYS AS ({to.default}) {_KIND[to.generated]}"
        )

    rewrite = new.generated == "s" and ctx.is_populated(table)
    why = f"every row of {table[1]} is computed and stored (a rewrite)" if rewrite else "nothing is rewritten"
    return ctx.known_step(
        swap(new),
        PhaseName.CONTRACT,
        f"generated column {new.name} of {table[1]} changes from {_KIND[old.generated].lower()} to "
        f"{_KIND[new.generated].lower()}: no ALTER changes that, so it is dropped and added again in one transaction "
        f"(its values are computed: none lost; it moves to the last position; {why}): held for approval",
        kind="ALTER TABLE DROP COLUMN + ADD COLUMN",
        lock=Lock.ACCESS_EXCLUSIVE,
        table=table,
        operation=Operation.GENERATED_KIND,
        hazards=(Hazard.BREAKS_CLIENTS, *((Hazard.TABLE_REWRITE, Hazard.ACCESS_EXCLUSIVE_LOCK) if rewrite else ())),
        rollback=swap(old),
    )
