"""Whether the contract phase may run now: approval, and the switch rule.

Approval: ``--allow-destructive``, ``policy.allowDestructive: true``, or ``--approve <hash>`` naming exactly
this plan. The switch rule (docs/switch.md): contract steps that remove what the running application may
still use (BREAKS_CLIENTS, DELETES_DATA) never run in the same apply as the plan's expand steps; they
wait for the next apply, after the application that no longer needs them is deployed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import postgast

from schemawright.classify.hazards import Hazard
from schemawright.errors import ApprovalMismatch
from schemawright.plan import PhaseName, Plan, Step

_BREAKING = {Hazard.BREAKS_CLIENTS, Hazard.DELETES_DATA}


@dataclass(frozen=True)
class Gate:
    """The verdict for the contract phase of one run."""

    run_contract: bool
    message: str | None = None  # why contract waits (None when it runs or there is none)
    reason: str = ""  # "approval" | "switch" | ""


def decide(plan: Plan, *, start_at: int = 1, allow_destructive: bool = False, approve: str | None = None) -> Gate:
    """Decide for the steps of ``plan`` from ``start_at`` (1-based) on."""
    remaining = plan.steps[start_at - 1 :]
    contract = [s for s in remaining if s.phase is PhaseName.CONTRACT]
    if approve is not None and approve != plan.hash:
        raise ApprovalMismatch(
            f"refused: --approve {approve} does not name the current plan {plan.hash} (the live schema or the "
            "document changed since that plan was shown). Nothing was applied. Review the current plan and approve "
            "its hash."
        )
    if not contract:
        return Gate(run_contract=True)
    if not (allow_destructive or approve == plan.hash):
        return Gate(False, approval_message(plan, contract), "approval")
    earlier = [s for s in remaining if s.phase is not PhaseName.CONTRACT]
    if earlier and any(_BREAKING & set(s.hazards) for s in contract):
        return Gate(
            False,
            (
                f"switch: plan {plan.hash} changed the schema in this apply; its contract steps remove what the running "
                "application may still use, so they wait for the next apply. Deploy the application that uses the new "
                "shape, then apply again (the approval carries over to this plan)."
            ),
            "switch",
        )
    return Gate(run_contract=True)


def approval_message(plan: Plan, waiting: Sequence[Step], *, approve_with: str = "", shown: int | None = None) -> str:
    """ "waiting for approval of plan <hash>: …": the steps that wait (the first ``shown`` of them), what a
    renamedFrom could have saved, and how to approve (``approve_with``; the CLI's flags when not given)."""
    listed = waiting if shown is None else waiting[:shown]
    lines = [f"waiting for approval of plan {plan.hash}: {len(waiting)} step(s) need it:"]
    lines += [f"  - {s.sql.strip().splitlines()[0][:160]}  ({s.reason})" for s in listed]
    if len(waiting) > len(listed):
        lines.append(f"  - … and {len(waiting) - len(listed)} more")
    lines += [f"  ! {hint}" for hint in rename_hints(plan)]
    lines.append(
        approve_with
        or f"Approve with --approve {plan.hash} (or --allow-destructive) once the application "
        "no longer uses what these steps remove."
    )
    return "\n".join(lines)


def rename_hints(plan: Plan) -> list[str]:
    """Drops of populated columns/tables that look like renames (something added beside them)."""
    added_columns: dict[str, list[str]] = {}
    created_tables: list[str] = []
    for step in plan.steps:
        for node in _statements(step):
            which = node.WhichOneof("node")
            if which == "create_stmt":
                created_tables.append(node.create_stmt.relation.relname)
            elif which == "alter_table_stmt":
                for cmd in node.alter_table_stmt.cmds:
                    if cmd.alter_table_cmd.subtype == postgast.pg_query_pb2.AlterTableType.AT_AddColumn:
                        column = getattr(cmd.alter_table_cmd, "def").column_def.colname
                        added_columns.setdefault(node.alter_table_stmt.relation.relname, []).append(column)
    hints = []
    for step in plan.phase(PhaseName.CONTRACT).steps:
        if Hazard.DELETES_DATA not in step.hazards:
            continue
        for node in _statements(step):
            which = node.WhichOneof("node")
            if which == "alter_table_stmt":
                table = node.alter_table_stmt.relation.relname
                for cmd in node.alter_table_stmt.cmds:
                    c = cmd.alter_table_cmd
                    if c.subtype == postgast.pg_query_pb2.AlterTableType.AT_DropColumn and added_columns.get(table):
                        new = ", ".join(added_columns[table])
                        hints.append(
                            f"column {c.name} of {table} holds data and is dropped while {table} gains {new}: "
                            f"if one of them is {c.name} renamed, give it `renamedFrom: {c.name}` to keep the "
                            "data"
                        )
            elif (
                which == "drop_stmt"
                and created_tables
                and node.drop_stmt.remove_type == postgast.pg_query_pb2.ObjectType.OBJECT_TABLE
            ):
                for obj in node.drop_stmt.objects:
                    name = obj.list.items[-1].string.sval if obj.HasField("list") else "?"
                    hints.append(
                        f"table {name} holds data and is dropped while {', '.join(created_tables)} is "
                        f"created: if it is {name} renamed, give it `renamedFrom: {name}` to keep the rows"
                    )
    return hints


def _statements(step: Step) -> list[postgast.pg_query_pb2.Node]:
    try:
        return [s.stmt for s in postgast.parse(step.sql).stmts]
    except postgast.PgQueryError:
        return []
