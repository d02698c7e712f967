"""Changes the differ does not see, planned from the live and desired catalogs.

migra compares a fixed set of object properties; what it leaves out would make a plan silently incomplete
(the document says one thing, the database keeps another, and a re-plan is empty). Each gap here compares
one property in both catalogs and plans the statement for it, unless the differ emitted one after all:

- ``FORCE ROW LEVEL SECURITY`` (row security then applies to the table's owner too).
"""

from __future__ import annotations

from postgast import pg_query_pb2 as pb

from schemawright.hazards import Lock
from schemawright.plan.context import Context
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident
from schemawright.plan.operations import Operation

_AT = pb.AlterTableType


def force_row_security(ctx: Context) -> list[Step]:
    """``FORCE`` (expand) or ``NO FORCE`` (contract: the owner sees every row again) where only that changed."""
    emitted = {ctx.qualify(s.node.alter_table_stmt.relation) for s in ctx.statements
               if s.which == "alter_table_stmt" and any(
                   c.alter_table_cmd.subtype in (_AT.AT_ForceRowSecurity, _AT.AT_NoForceRowSecurity)
                   for c in s.node.alter_table_stmt.cmds)}
    steps = []
    for table in sorted(ctx.desired.tables):
        if table in emitted:
            continue
        forced = ctx.desired.row_security.get(table, (False, False))[1]
        was_forced = ctx.live.row_security.get(table, (False, False))[1]
        if forced == was_forced or (not forced and table not in ctx.live.tables):
            continue
        name = ident(*table)
        if forced:
            steps.append(ctx.known_step(
                f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY", PhaseName.EXPAND,
                f"the table owner of {table[1]} is held to its policies too (the differ does not compare FORCE)",
                kind="ALTER TABLE FORCE ROW LEVEL SECURITY", lock=Lock.ACCESS_EXCLUSIVE, table=table,
                operation=Operation.FORCE_ROW_SECURITY,
                rollback=f"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY" if table in ctx.live.tables else None))
        else:
            steps.append(ctx.known_step(
                f"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY", PhaseName.CONTRACT,
                f"the table owner of {table[1]} is no longer held to its policies: every row becomes visible to it",
                kind="ALTER TABLE NO FORCE ROW LEVEL SECURITY", lock=Lock.ACCESS_EXCLUSIVE, table=table,
                operation=Operation.FORCE_ROW_SECURITY, destructive=True,
                rollback=f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY"))
    return steps
