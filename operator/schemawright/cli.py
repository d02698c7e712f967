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

from rich.console import Console

from schemawright import engine
from schemawright.errors import ExitCode, SchemawrightError, StalePlanError
from schemawright.execute import Options, apply_plan
from schemawright.execute.runner import require_complete
from schemawright.plan import Plan
from schemawright.render import plan_json, plan_markdown, print_plan
from schemawright.spec import DesiredSchema, load
from schemawright.targets import resolve
from schemawright.urls import mask


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
    p = sub.add_parser("apply", help="apply the plan (a document, or a plan.json from `plan --out`)")
    p.add_argument("file")
    target_flags(p)
    p.add_argument("--allow-destructive", action="store_true", help="also run the contract phase (drops, "
                   "rewrites); otherwise apply stops before it and exits 3")
    sub.add_parser("demo", help="the shop example on the embedded PostgreSQL: v1 with rows → plan → v2")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``schemawright`` console script."""
    args = _parser().parse_args(argv)
    out = Console(highlight=False, soft_wrap=False)
    err = Console(stderr=True, highlight=False)
    try:
        if args.command == "demo":
            from schemawright.demo import run_demo

            return run_demo(out)
        return int(_COMMANDS[args.command](args, out))
    except SchemawrightError as exc:
        err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130


def _validate(args: argparse.Namespace, out: Console) -> int:
    desired = load(args.file)
    engine.desired_statements(desired)
    out.print(f"[green]valid:[/] {desired.source} — {len(desired.tables)} table(s), {len(desired.enums)} enum(s), "
              f"schemas {', '.join(desired.schemas)}")
    return ExitCode.OK


def _diff(args: argparse.Namespace, out: Console) -> int:
    desired = load(args.file)
    targets = resolve(desired, args.database, args.shadow_url)
    for statement in engine.raw_diff(desired, targets.live_url, targets.shadow_server_url):
        out.print(statement if statement.endswith(";") else statement + ";", markup=False)
    return ExitCode.OK


def _plan(args: argparse.Namespace, out: Console) -> int:
    desired = load(args.file)
    targets = resolve(desired, args.database, args.shadow_url)
    result = engine.make_plan(desired, targets.live_url, targets.shadow_server_url)
    if args.out:
        Path(args.out).write_text(plan_json(result.plan) + "\n")
    if args.format == "json":
        out.print(plan_json(result.plan), markup=False, soft_wrap=True)
    elif args.format == "markdown":
        out.print(plan_markdown(result.plan, title=f"schemawright plan for {desired.name}"), markup=False,
                  soft_wrap=True)
    else:
        out.print(f"target: {targets.description}", markup=False)
        print_plan(result.plan, out)
    return ExitCode.OK


def _apply(args: argparse.Namespace, out: Console) -> int:
    path = Path(args.file)
    saved: Plan | None = None
    desired: DesiredSchema | None = None
    if path.suffix == ".json":
        saved = _load_saved_plan(path)
    else:
        desired = load(path)
    targets = resolve(desired, args.database, args.shadow_url)
    out.print(f"target: {targets.description}", markup=False)
    if saved is not None:
        live = engine.inspect_url(targets.live_url, saved.schemas)
        if live.fingerprint() != saved.fingerprint:
            raise StalePlanError(
                f"{path}: the live schema changed since this plan was made (plan from {saved.fingerprint}, live is "
                f"now {live.fingerprint()}); nothing was applied. Run `schemawright plan` again.")
        plan = saved
        policy_destructive = False
        options = Options(allow_destructive=args.allow_destructive)
    else:
        assert desired is not None
        plan = engine.make_plan(desired, targets.live_url, targets.shadow_server_url).plan
        policy = desired.policy
        policy_destructive = policy.allow_destructive
        options = Options(lock_timeout_ms=policy.lock_timeout_ms, statement_timeout_ms=policy.statement_timeout_ms,
                          allow_destructive=args.allow_destructive or policy_destructive)
    print_plan(plan, out)
    if plan.is_empty:
        return ExitCode.OK
    report = apply_plan(plan, targets.live_url, options,
                        on_step=lambda i, s, event: out.print(
                            f"  [{'dim' if event == 'start' else 'green'}]{event:5}[/] {i:>3} {s.phase:9} {s.kind}"
                        ) if event == "done" else None,
                        on_progress=lambda s, done, total: out.print(
                            f"        backfill {s.backfill.table}.{s.backfill.column}: {done}/{total} rows"  # type: ignore[union-attr]
                        ))
    out.print(f"[green]applied[/] {len(report.results)} step(s) of plan {plan.hash} to {mask(targets.live_url)}")
    require_complete(report)
    return ExitCode.OK


def _load_saved_plan(path: Path) -> Plan:
    from schemawright.errors import Problem, SpecError

    try:
        return Plan.from_dict(json.loads(path.read_text()))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SpecError(str(path), [Problem("(plan file)", str(exc)[:200], "a plan written by `plan --out`")]) from exc


_COMMANDS = {"validate": _validate, "diff": _diff, "plan": _plan, "apply": _apply}


if __name__ == "__main__":
    sys.exit(main())
