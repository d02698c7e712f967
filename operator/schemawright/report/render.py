"""A plan for people (rich text, Markdown for pull requests) and for programs (JSON)."""

from __future__ import annotations

import json

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from schemawright.plan import PhaseName, Plan, Step

_PHASE_STYLE = {
    PhaseName.EXPAND: "green",
    PhaseName.BACKFILL: "cyan",
    PhaseName.CONSTRAIN: "yellow",
    PhaseName.SWITCH: "magenta",
    PhaseName.CONTRACT: "red",
}


def plan_json(plan: Plan, *, adr: str | None = None) -> str:
    """The stable JSON form (docs/plan-format.md); ``adr`` (the plan's ADR, Markdown) goes under the key ``adr``."""
    data = plan.to_dict()
    if adr is not None:
        data["adr"] = adr
    return json.dumps(data, indent=2, sort_keys=False)


def plan_markdown(plan: Plan, *, title: str = "schemawright plan") -> str:
    """Markdown fit for a pull-request comment."""
    lines = [
        f"### {title}",
        "",
        f"Plan `{plan.hash}` from live schema `{plan.fingerprint}` — {len(plan.steps)} step(s)",
        "",
    ]
    if plan.is_empty:
        return "\n".join([*lines, "No changes: the live schema already matches the desired one."])
    if plan.hazards:
        lines += ["**Hazards:** " + ", ".join(f"`{h}`" for h in plan.hazards), ""]
    for phase in plan.phases:
        lines.append(f"#### {phase.name} — {phase.purpose}")
        if phase.name is PhaseName.SWITCH:
            lines += ["", "_Deploy the application version that uses the new schema before the contract phase._", ""]
            continue
        if not phase.steps:
            lines += ["", "_nothing_", ""]
            continue
        lines += ["", "| # | step | lock | hazards | tx | why |", "|---|---|---|---|---|---|"]
        for n, step in enumerate(phase.steps, start=1):
            sql = step.sql.replace("\n", " ").replace("|", "\\|")
            hazards = ", ".join(step.hazards) or "—"
            flag = " ⚠️ destructive" if step.destructive else ""
            lines.append(
                f"| {n} | `{sql}`{flag} | {step.lock} | {hazards} | "
                f"{'yes' if step.transactional else 'no'} | {step.reason.replace('|', '/')} |"
            )
        lines.append("")
    if plan.approval_steps:
        lines.append(f"> Contract steps run only with `--allow-destructive` or approval of plan `{plan.hash}`.")
    for note in plan.notes:
        lines.append(f"> Note: {note}")
    return "\n".join(lines)


def print_plan(plan: Plan, console: Console, *, target: str | None = None, contract_runs: bool = False) -> None:
    """The plan for people: tables per phase in a terminal; elsewhere (pipes, CI logs) one block per step, so
    the lock and hazard columns are never cut. ``target`` names the database in the header; ``contract_runs``
    says the contract steps are approved (or allowed) and run now."""
    header = Text.assemble(
        ("plan ", "bold"),
        (plan.hash, "bold cyan"),
        "  from live ",
        (plan.fingerprint, "dim"),
        f"  — {len(plan.steps)} step(s)",
    )
    if target:
        header.append(f"  → {target}")
    console.print(header, soft_wrap=True)
    if plan.is_empty:
        console.print("[green]No changes:[/] the live schema already matches the desired one.")
        return
    if plan.hazards:
        console.print("hazards: " + ", ".join(f"[yellow]{h}[/]" for h in plan.hazards), soft_wrap=True)
    for phase in plan.phases:
        style = _PHASE_STYLE[phase.name]
        if phase.name is PhaseName.SWITCH:
            if console.is_terminal:
                console.print(
                    Panel(
                        "deploy the application that uses the new schema; contract waits for it",
                        title=f"[{style}]switch[/]",
                        expand=False,
                    )
                )
            else:
                console.print(
                    "switch — deploy the application that uses the new schema; contract waits for it", soft_wrap=True
                )
            continue
        if not phase.steps:
            continue
        if console.is_terminal:
            console.print(_phase_table(phase.name, phase.purpose, phase.steps, style))
        else:
            _print_phase_blocks(console, phase.name, phase.purpose, phase.steps)
    for note in plan.notes:
        console.print(f"[yellow]note:[/] {note}", soft_wrap=not console.is_terminal)
    if plan.approval_steps:
        if contract_runs:
            message = f"[red]contract[/] steps are approved (plan [cyan]{plan.hash}[/]) and run in this apply"
        else:
            message = (
                f"[red]contract[/] steps run only with [bold]--approve {plan.hash}[/] or [bold]--allow-destructive[/]"
            )
        console.print(Group(Text.from_markup(message)), soft_wrap=not console.is_terminal)


def _phase_table(name: PhaseName, purpose: str, steps: tuple[Step, ...], style: str) -> Table:
    table = Table(title=f"[{style} bold]{name}[/] — {purpose}", title_justify="left", show_lines=True, expand=True)
    table.add_column("#", justify="right", width=3)
    table.add_column("SQL", ratio=5, overflow="fold")
    table.add_column("lock", ratio=1)
    table.add_column("hazards", ratio=2)
    table.add_column("tx", width=3)
    table.add_column("why", ratio=3)
    for n, step in enumerate(steps, start=1):
        sql = Text(step.sql)
        if step.destructive:
            sql.append("\n(destructive)", style="bold red")
        table.add_row(
            str(n),
            sql,
            step.lock.value,
            "\n".join(step.hazards) or "—",
            "yes" if step.transactional else "no",
            step.reason,
        )
    return table


def _print_phase_blocks(console: Console, name: PhaseName, purpose: str, steps: tuple[Step, ...]) -> None:
    # Never wrapped by the console: a log keeps every line whole (SQL literals included).
    console.print(f"{name} — {purpose}", soft_wrap=True, markup=False)
    for n, step in enumerate(steps, start=1):
        facts = [
            f"lock {step.lock.value}",
            "hazards " + (", ".join(step.hazards) or "none"),
            "in a transaction" if step.transactional else "outside a transaction",
        ]
        if step.destructive:
            facts.append("DESTRUCTIVE")
        console.print(f"  {n}. " + " · ".join(facts), soft_wrap=True, markup=False)
        console.print(f"     why: {step.reason}", soft_wrap=True, markup=False)
        for line in step.sql.splitlines():
            console.print(f"     {line}", soft_wrap=True, markup=False)
