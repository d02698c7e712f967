"""The command line: parse arguments, call the engine, render the result. Never prompts.

Exit codes (docs/cli.md): 0 done, 1 internal error, 2 invalid input, 3 approval required,
4 database error, 5 stale plan.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from schemawright import cli_review
from schemawright.errors import ApprovalRequired, ExitCode, SchemawrightError
from schemawright.operator.options import add_arguments as operator_arguments

# Each command imports what it uses: `--help` and `validate` must not pay for the database driver, the
# differ, the operator or the terminal renderer (bench/run.py measures the start).
if TYPE_CHECKING:
    from rich.console import Console

    from schemawright import engine
    from schemawright.plan import Plan


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="schemawright", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def target_flags(p: argparse.ArgumentParser) -> None:
        p.add_argument("--database", metavar="URL", help="live database (default: spec.database.urlFromEnv, "
                       "else the embedded PostgreSQL under $SCHEMAWRIGHT_HOME)")
        p.add_argument("--shadow-url", metavar="URL", help="a server database where scratch (shadow) databases "
                       "may be created; in production use the target's server so versions match "
                       "(default: the embedded PostgreSQL)")

    p = sub.add_parser("validate", help="check a desired-state document (YAML or .sql) without any database")
    p.add_argument("file")
    p = sub.add_parser("diff", help="the differ's raw output (before the planner makes it safe)")
    p.add_argument("file")
    target_flags(p)
    p = sub.add_parser("plan", help="show the safe, phased plan to reach the desired state")
    p.add_argument("file")
    target_flags(p)
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    p.add_argument("--out", metavar="PLAN.json", help="also write the plan as JSON (for a later apply)")
    cli_review.add_plan_flags(p)
    p = sub.add_parser("apply", help="apply the plan (a document, or a plan.json from `plan --out`)")
    p.add_argument("file")
    target_flags(p)
    p.add_argument("--allow-destructive", action="store_true", help="also run the contract phase (drops, "
                   "rewrites); otherwise apply stops before it and exits 3")
    p.add_argument("--approve", metavar="PLAN_HASH", help="run the contract phase of exactly this plan (the hash "
                   "`plan` shows); refused if the current plan has another hash")
    p = sub.add_parser("status", help="the journal: the last plan applied to the database, where it stopped, why")
    target_flags(p)
    sub.add_parser("demo", help="the shop example on the embedded PostgreSQL: v1 with rows → plan → v2")
    cli_review.add_parsers(sub, target_flags)
    operator_arguments(sub.add_parser("operator", help="run the Kubernetes operator (kopf): reconcile "
                                      "DatabaseSchema resources in the cluster"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``schemawright`` console script."""
    args = _parser().parse_args(argv)
    from rich.console import Console

    out = Console(highlight=False, soft_wrap=False)
    err = Console(stderr=True, highlight=False)
    try:
        if args.command == "demo":
            from schemawright.demo import run_demo

            return run_demo(out)
        if args.command == "operator":
            from schemawright.operator.main import run as run_operator

            return run_operator(args)
        return int(_COMMANDS[args.command](args, out))
    except SchemawrightError as exc:
        err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130


def _validate(args: argparse.Namespace, out: Console) -> int:
    from schemawright.engine import desired_statements
    from schemawright.spec import load

    desired = load(args.file)
    desired_statements(desired)
    out.print(f"[green]valid:[/] {desired.source} — {len(desired.tables)} table(s), {len(desired.enums)} enum(s), "
              f"schemas {', '.join(desired.schemas)}")
    return ExitCode.OK


def _diff(args: argparse.Namespace, out: Console) -> int:
    from schemawright import engine
    from schemawright.spec import load
    from schemawright.targets import resolve

    desired = load(args.file)
    targets = resolve(desired, args.database, args.shadow_url)
    for statement in engine.raw_diff(desired, targets.live_url, targets.shadow_server_url):
        out.print(statement if statement.endswith(";") else statement + ";", markup=False)
    return ExitCode.OK


def _plan(args: argparse.Namespace, out: Console) -> int:
    from rich.console import Console

    from schemawright import engine
    from schemawright.render import plan_json, plan_markdown, print_plan
    from schemawright.spec import load
    from schemawright.targets import resolve

    desired = load(args.file)
    targets = resolve(desired, args.database, args.shadow_url)
    known = None if getattr(args, "adr", None) else engine.up_to_date(desired, targets.live_url)
    if known is None:
        result = engine.make_plan(desired, targets.live_url, targets.shadow_server_url)
        plan, adr = result.plan, cli_review.plan_adr(args, desired, result, Console(stderr=True, highlight=False))
    else:  # the no-op fast path: no shadow, no diff (docs/cli.md)
        plan, adr = known.plan, None
    if args.out:
        Path(args.out).write_text(plan_json(plan, adr=adr) + "\n")
    if args.format == "json":
        out.print(plan_json(plan, adr=adr), markup=False, soft_wrap=True, emoji=False)
    elif args.format == "markdown":
        out.print(plan_markdown(plan, title=f"schemawright plan for {desired.name}"), markup=False,
                  soft_wrap=True)
    else:
        out.print(f"target: {targets.description}", markup=False)
        print_plan(plan, out)
        if known is not None:
            out.print(known.message, markup=False, soft_wrap=True)
    return ExitCode.OK


def _apply(args: argparse.Namespace, out: Console) -> int:
    from schemawright import engine
    from schemawright.render import print_plan
    from schemawright.reporter import ConsoleReporter
    from schemawright.spec import load
    from schemawright.targets import resolve
    from schemawright.urls import mask

    path = Path(args.file)
    desired = None if path.suffix == ".json" else load(path)
    targets = resolve(desired, args.database, args.shadow_url)
    out.print(f"target: {targets.description}", markup=False)

    def show(plan: Plan, start_at: int) -> None:
        if start_at > 1:
            out.print(f"[yellow]resuming[/] plan {plan.hash} at step {start_at} of {len(plan.steps)} "
                      "(an earlier apply of the same desired state stopped there)")
        print_plan(plan, out)

    with ConsoleReporter(out) as reporter:
        if desired is None:
            saved = _load_saved_plan(path)
            show(saved, 1)
            outcome = engine.apply_saved(saved, targets.live_url, allow_destructive=args.allow_destructive,
                                         approve=args.approve, on_event=reporter)
        else:
            outcome = engine.apply(desired, targets.live_url, targets.shadow_server_url,
                                   allow_destructive=args.allow_destructive, approve=args.approve,
                                   on_event=reporter, on_plan=show)
    final = outcome.final
    if outcome.up_to_date is not None:
        out.print(outcome.up_to_date.message, markup=False, soft_wrap=True)
    ran = sum(len(o.report.results) for o in _chain(outcome))
    out.print(f"[green]applied[/] {ran} step(s) to {mask(targets.live_url)}")
    if final.gate.message and not final.report.complete:
        raise ApprovalRequired(final.gate.message)
    return ExitCode.OK


def _chain(outcome: engine.ApplyOutcome) -> list[engine.ApplyOutcome]:
    chain = [outcome]
    while chain[-1].followup is not None:
        chain.append(chain[-1].followup)
    return chain


def _status(args: argparse.Namespace, out: Console) -> int:
    from rich.table import Table

    from schemawright import engine
    from schemawright.targets import resolve

    targets = resolve(None, args.database, args.shadow_url)
    record = engine.status(targets.live_url)
    out.print(f"target: {targets.description}", markup=False)
    if record is None:
        out.print("no plan was ever applied to this database by schemawright")
        return ExitCode.OK
    done = sum(1 for s in record.steps if s.status == "done")
    out.print(f"last plan [cyan]{record.hash}[/] from {record.source} by {record.applied_by}: [bold]{record.status}"
              f"[/], {done}/{len(record.steps)} steps done; started {record.started_at:%Y-%m-%d %H:%M:%S %Z}"
              + (f", finished {record.finished_at:%Y-%m-%d %H:%M:%S %Z}" if record.finished_at else ""))
    table = Table("#", "phase", "step", "status", "attempts", "seconds")
    for s in record.steps:
        style = {"done": "green", "failed": "red", "running": "yellow"}.get(s.status, "dim")
        table.add_row(str(s.index), s.phase, s.kind, f"[{style}]{s.status}[/]", str(s.attempts),
                      f"{s.seconds:.2f}" if s.seconds is not None else "")
    out.print(table)
    stopped = record.stopped_at
    if stopped is not None:
        out.print(f"stopped at step {stopped.index} ({stopped.phase}: {stopped.kind}): {stopped.status}")
    if record.error:
        out.print(f"why: {record.error}", markup=False)
    return ExitCode.OK


def _load_saved_plan(path: Path) -> Plan:
    from schemawright.errors import Problem, SpecError
    from schemawright.plan import Plan

    try:
        return Plan.from_dict(json.loads(path.read_text()))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SpecError(str(path), [Problem("(plan file)", str(exc)[:200], "a plan written by `plan --out`")]) from exc


_COMMANDS = {"validate": _validate, "diff": _diff, "plan": _plan, "apply": _apply, "status": _status,
             "lint": cli_review.run_lint, "adr": cli_review.run_adr}


if __name__ == "__main__":
    sys.exit(main())
