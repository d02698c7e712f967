"""Identity ↔ serial on a live table: one transaction, with the new sequence set past the existing ids.

migra adds an identity (``ADD GENERATED … AS IDENTITY``) or a serial default (``CREATE SEQUENCE`` + ``SET
DEFAULT nextval(…)``) as if the table were empty: the new sequence starts at 1, below the ids already there,
and the next insert fails with a duplicate key. Its statements for one column also run as separate steps,
leaving a window without any default. Here each column's statements become one step that ends with
``setval`` past ``max(column)``:

- serial → identity (or a plain column gains an identity): ``DROP DEFAULT`` (when the differ drops one),
  ``ADD GENERATED … AS IDENTITY``, ``setval`` of the identity's sequence;
- identity → serial: ``DROP IDENTITY`` (its sequence goes with it, freeing the name), ``CREATE SEQUENCE … AS``
  the column's type, ``setval``, ``SET DEFAULT nextval(…)``, ``OWNED BY``.
"""

from __future__ import annotations

from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Lock
from schemawright.inspect.catalog import QualifiedName
from schemawright.plan.constraints import table_cmd
from schemawright.plan.context import Context, Stmt
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident, literal
from schemawright.plan.operations import Operation

_AT = pb.AlterTableType


def _defaults(ctx: Context, table: QualifiedName, column: str, *, setting: bool) -> list[Stmt]:
    """The differ's ``SET DEFAULT`` (``setting``) or ``DROP DEFAULT`` statements of one column, not yet planned."""
    return [
        s
        for s in ctx.statements
        if (m := table_cmd(s, ctx, _AT.AT_ColumnDefault)) is not None
        and m[1] == table
        and m[0].name == column
        and m[0].HasField("def") == setting
        and id(s) not in ctx.handled
    ]


def _restart(sequence: str, table: QualifiedName, column: str) -> str:
    """``setval`` so that the next value is past every id already in the column."""
    return f"select setval({sequence}, coalesce((select max({ident(column)}) from {ident(*table)}), 0) + 1, false)"


def identity_changes(ctx: Context) -> list[Step]:
    """Plan each live column that gains or loses an identity as one step; mark its statements handled."""
    steps: list[Step] = []
    for stmt in ctx.statements:
        if id(stmt) in ctx.handled:
            continue
        added = table_cmd(stmt, ctx, _AT.AT_AddIdentity)
        live = ctx.live.tables.get(added[1]) if added is not None else None
        column = live.columns.get(added[0].name) if live is not None and added is not None else None
        if added is not None and column is not None and column.not_null:
            # (A nullable column first gets the differ's SET NOT NULL, planned by its own rule.)
            steps.append(_to_identity(stmt, added[1], added[0].name, ctx))
            continue
        dropped = table_cmd(stmt, ctx, _AT.AT_DropIdentity)
        if dropped is not None and added is None:
            step = _to_serial(stmt, dropped[1], dropped[0].name, ctx)
            if step is not None:
                steps.append(step)
    return steps


def _to_identity(add: Stmt, table: QualifiedName, column: str, ctx: Context) -> Step:
    live = ctx.live.tables[table].columns.get(column)
    drops = _defaults(ctx, table, column, setting=False)
    ctx.handled.update(id(s) for s in [add, *drops])
    t, c = ident(*table), ident(column)
    sql = [
        *(s.sql for s in drops),
        add.sql,
        _restart(f"pg_get_serial_sequence({literal(t)}, {literal(column)})", table, column),
    ]
    undo = [f"ALTER TABLE {t} ALTER COLUMN {c} DROP IDENTITY"]
    if drops and live is not None and live.default:
        undo.append(f"ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {live.default}")
    return ctx.known_step(
        ";\n".join(sql),
        PhaseName.EXPAND,
        f"{column} of {table[1]} becomes an identity column, its sequence restarted past the existing ids (the "
        "differ starts it at 1: the next insert would fail with a duplicate key); one transaction",
        kind=f"ALTER TABLE {'DROP DEFAULT + ' if drops else ''}ADD IDENTITY (restarted past the existing ids)",
        lock=Lock.ACCESS_EXCLUSIVE,
        table=table,
        operation=Operation.ADD_IDENTITY,
        rollback=";\n".join(undo),
    )


def _to_serial(drop: Stmt, table: QualifiedName, column: str, ctx: Context) -> Step | None:
    defaults = _defaults(ctx, table, column, setting=True)
    live = ctx.live.tables.get(table)
    kept = live.columns.get(column) if live else None
    if len(defaults) != 1 or kept is None:
        return None
    creates = [
        s
        for s in ctx.statements
        if s.which == "create_seq_stmt"
        and id(s) not in ctx.handled
        and defaults[0].sql.find(s.node.create_seq_stmt.sequence.relname) >= 0
    ]
    if len(creates) != 1:
        return None
    sequence = ctx.qualify(creates[0].node.create_seq_stmt.sequence)
    owned = [
        s
        for s in ctx.statements
        if s.which == "alter_seq_stmt"
        and id(s) not in ctx.handled
        and ctx.qualify(s.node.alter_seq_stmt.sequence) == sequence
    ]
    ctx.handled.update(id(s) for s in [drop, *creates, *defaults, *owned])
    seq = ident(*sequence)
    sql = [
        drop.sql,
        f"CREATE SEQUENCE {seq} AS {kept.type}",
        _restart(literal(seq), table, column),
        defaults[0].sql,
        *(s.sql for s in owned),
    ]
    return ctx.known_step(
        ";\n".join(sql),
        PhaseName.EXPAND,
        f"{column} of {table[1]} becomes a serial column: the identity is dropped (its sequence with it), the new "
        "sequence is created past the existing ids and set as the default, in one transaction",
        kind="ALTER TABLE DROP IDENTITY + CREATE SEQUENCE + SET DEFAULT (one transaction, sequence past the existing "
        "ids)",
        lock=Lock.ACCESS_EXCLUSIVE,
        table=table,
        operation=Operation.IDENTITY_TO_SERIAL,
    )
