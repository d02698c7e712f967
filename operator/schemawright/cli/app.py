"""The command line: parse arguments, call the engine, render the result. Never prompts.

Exit codes (docs/cli.md): 0 done, 1 internal error, 2 invalid input, 3 approval required,
4 database error, 5 stale plan.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from schemawright.cli import fleet as cli_fleet
from schemawright.cli import review as cli_review
from schemawright.cli.collector import short_lived
from schemawright.cli.output import emit as _emit
from schemawright.cli.output import print_error
from schemawright.cli.output import print_notes as _print_notes
from schemawright.errors import ApprovalRequired, ExitCode, Problem, SchemawrightError, SpecError
from schemawright.operator.options import add_arguments as operator_arguments

# Each command imports what it uses: `--help` and `validate` must not pay for the database driver, the
# differ, the operator or the terminal renderer (bench/run.py measures the start).
if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console

    from schemawright import ApplyOutcome, GuardOverrides, Plan
    from schemawright.spec import DesiredSchema


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="schemawright", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def target_flags(p: argparse.ArgumentParser, *, fleet: bool = False) -> None:
        help_ = (
            "live database (default: spec.database.urlFromEnv, else the embedded PostgreSQL under $SCHEMAWRIGHT_HOME)"
        )
        if fleet:  # plan and apply: repeated, it names a fleet
            p.add_argument(
                "--database",
                metavar="URL",
                action="append",
                dest="databases",
                help=help_ + "; repeat it for a fleet (docs/fleets.md)",
            )
        else:
            p.add_argument("--database", metavar="URL", help=help_)
        p.add_argument(
            "--shadow-url",
            metavar="URL",
            help="a server database where scratch (shadow) databases "
            "may be created; in production use the target's server so versions match "
            "(default: the embedded PostgreSQL)",
        )

    def document_flags(p: argparse.ArgumentParser, *, fleet: bool = False) -> None:
        target_flags(p, fleet=fleet)
        guard_flags(p)
        if fleet:
            cli_fleet.add_flags(p)

    _add_validate(sub)
    p = sub.add_parser("diff", help="the differ's raw output (before the planner makes it safe)")
    p.add_argument("file")
    document_flags(p)
    p = sub.add_parser("plan", help="show the safe, phased plan to reach the desired state")
    p.add_argument("file")
    document_flags(p, fleet=True)
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    p.add_argument("--out", metavar="PLAN.json", help="also write the plan as JSON (for a later apply)")
    cli_review.add_plan_flags(p)
    p = sub.add_parser("apply", help="apply the plan (a document, or a plan.json from `plan --out`)")
    p.add_argument("file")
    document_flags(p, fleet=True)
    p.add_argument(
        "--allow-destructive",
        action="store_true",
        help="also run the contract phase (drops, rewrites); otherwise apply stops before it and exits 3",
    )
    p.add_argument(
        "--approve",
        metavar="PLAN_HASH",
        help="run the contract phase of exactly this plan (the hash "
        "`plan` shows); refused if the current plan has another hash",
    )
    p = sub.add_parser(
        "refresh",
        help="refresh the document's materialized views (spec.refresh): for cron jobs "
        "and CI; the operator does this on its own timer",
    )
    p.add_argument("file")
    p.add_argument(
        "--database",
        metavar="URL",
        help="live database (default: spec.database.urlFromEnv, else the embedded PostgreSQL under $SCHEMAWRIGHT_HOME)",
    )
    guard_flags(p)
    p.add_argument("--view", metavar="NAME", help="only this view (a name from spec.refresh; default: all of them)")
    p.add_argument(
        "--if-due",
        action="store_true",
        help="only views whose `every` has elapsed since their last recorded refresh (run it from cron every minute)",
    )
    p = sub.add_parser("status", help="the journal: the last plan applied to the database, where it stopped, why")
    p.add_argument(
        "file",
        nargs="?",
        help="the document whose database to look at (the embedded database is "
        "named after it); not needed with --database",
    )
    target_flags(p)
    p = sub.add_parser(
        "init",
        help="write the DatabaseSchema document of a live database as it is (adopt it): "
        "planning it against that database plans no step",
    )
    p.add_argument("--database", metavar="URL", help="the database to describe (default: the embedded PostgreSQL)")
    p.add_argument("--schemas", metavar="NAME[,NAME…]", help="the schemas to manage (default: every user schema)")
    p.add_argument(
        "--format",
        choices=["yaml", "sql"],
        default="yaml",
        help="yaml: tables, keys, indexes, checks, "
        "enums and RLS as YAML, the rest in spec.sql (default); sql: one pg_dump-like script",
    )
    p.add_argument("--name", help="metadata.name (default: the database's name)")
    p.add_argument("--out", metavar="FILE", help="write the document there (default: standard output)")
    sub.add_parser("demo", help="the shop example on the embedded PostgreSQL: v1 with rows → plan → v2")
    cli_review.add_parsers(sub, document_flags)
    operator_arguments(
        sub.add_parser(
            "operator", help="run the Kubernetes operator (kopf): reconcile DatabaseSchema resources in the cluster"
        )
    )
    return parser


def _add_validate(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("validate", help="check a desired-state document (YAML or .sql) without any database")
    p.add_argument("file")
    guard_flags(p)


class _NotQuick(Exception):
    """The quick parser cannot say: the full one parses again (and prints any error or help)."""


class _QuickParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotQuick(message)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed command line. ``validate`` without building every other command's parser (its start counts);
    anything the quick parser cannot parse, and every help, goes to the full parser, which behaves as always."""
    given = list(sys.argv[1:] if argv is None else argv)
    if given[:1] == ["validate"] and not any(a.startswith(("-h", "--h")) for a in given):
        quick = _QuickParser(prog="schemawright", description=__doc__.splitlines()[0])
        _add_validate(quick.add_subparsers(dest="command", required=True))
        with contextlib.suppress(_NotQuick):  # the full parser parses it again and reports what is wrong
            return quick.parse_args(given)
    return _parser().parse_args(given)


def guard_flags(p: argparse.ArgumentParser) -> None:
    """``--allow RULE`` and ``--allow-extension NAME``: the platform's SQL guard overrides (repeatable)."""
    p.add_argument(
        "--allow",
        action="append",
        default=[],
        metavar="RULE",
        help="allow statements the SQL guard refuses under RULE (repeatable; e.g. do-block, dynamic-sql; "
        "every refusal names its rule; see docs/sql-allow-list.md)",
    )
    p.add_argument(
        "--allow-extension",
        action="append",
        default=[],
        metavar="NAME",
        help="allow CREATE EXTENSION NAME beyond the default extension allow-list (repeatable)",
    )
    p.add_argument(
        "--allow-short-refresh",
        action="store_true",
        help="allow spec.refresh[].every under one minute (docs/caching.md)",
    )


def overrides_of(args: argparse.Namespace) -> GuardOverrides:
    """The guard overrides given on the command line; SpecError (exit 2) for an unknown or fixed rule."""
    from schemawright import guard_overrides

    try:
        chosen = guard_overrides(getattr(args, "allow", []), getattr(args, "allow_extension", []))
    except ValueError as exc:
        raise SpecError("--allow", [Problem("--allow", str(exc).split(";")[0], str(exc))]) from None
    return dataclasses.replace(chosen, short_refresh=getattr(args, "allow_short_refresh", False))


@short_lived()  # the garbage collector of a short-lived process (cli/collector.py)
def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``schemawright`` console script."""
    args = _arguments(argv)
    if args.command == "plan" and (code := _quick_plan(args)) is not None:
        return code
    try:
        if args.command == "validate":  # without the terminal renderer unless it prints to a terminal
            from schemawright.cli.validate import run as run_validate

            return run_validate(args)
        from rich.console import Console

        out = Console(highlight=False, soft_wrap=False)
        if not out.is_terminal:
            # Pipes and CI logs: no wrapping at an assumed width (it would break SQL literals and long names).
            out = Console(highlight=False, soft_wrap=True)
        if args.command == "demo":
            from schemawright.cli.demo import run_demo

            return run_demo(out)
        if args.command == "operator":
            from schemawright.operator.main import run as run_operator

            return run_operator(args)
        return int(_COMMANDS[args.command](args, out))
    except SchemawrightError as exc:
        print_error(str(exc))
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _init(args: argparse.Namespace, out: Console) -> int:
    from psycopg.conninfo import conninfo_to_dict
    from rich.console import Console

    from schemawright import init_document
    from schemawright.connect.targets import resolve

    targets = resolve(None, args.database, None)
    schemas = tuple(s.strip() for s in args.schemas.split(",") if s.strip()) if args.schemas else None
    name = args.name or (conninfo_to_dict(targets.live_url).get("dbname") or "adopted")
    text = init_document(targets.live_url, schemas, fmt=args.format, name=str(name))
    if args.out:
        Path(args.out).write_text(text)
        Console(stderr=True, highlight=False).print(
            f"wrote {args.out} from {targets.description}", markup=False, soft_wrap=True
        )
    else:
        out.print(text, markup=False, highlight=False, soft_wrap=True, emoji=False, end="")
    return ExitCode.OK


def _diff(args: argparse.Namespace, out: Console) -> int:
    from schemawright import raw_diff
    from schemawright.connect.targets import resolve
    from schemawright.spec import load

    desired = load(args.file, overrides=overrides_of(args))
    targets = resolve(desired, args.database, args.shadow_url)
    statements = raw_diff(desired, targets.live_url, targets.shadow_server_url)
    _emit("\n".join(s if s.endswith(";") else s + ";" for s in statements) if statements else "")
    return ExitCode.OK


def _quick_plan(args: argparse.Namespace) -> int | None:
    """The no-op answer of ``plan FILE --database URL`` from the file's bytes and one fingerprint query, when the
    last apply recorded this very file (livestate/quick.py): before the document, the guard or the terminal
    renderer are imported. None when it does not answer (the full path then runs, and reports any error)."""
    from schemawright import quick_answer, source_key
    from schemawright.connect.targets import Targets
    from schemawright.connect.urls import check_url

    urls = args.databases or []
    if (
        len(urls) != 1
        or getattr(args, "targets", None)
        or getattr(args, "tenant_schemas", None)
        or getattr(args, "adr", None)
        or args.format == "markdown"
    ):
        return None
    try:
        for url, flag in ((urls[0], "--database"), (args.shadow_url, "--shadow-url")):
            if url is not None:
                check_url(url, field=flag)
    except SpecError:
        return None
    key = source_key(args.file, **_guard_flags(args))
    found = quick_answer(urls[0], key, str(Path(args.file))) if key else None
    if found is None:
        return None
    text = json.dumps(found.plan, indent=2, sort_keys=False)  # render.plan_json's form
    if args.out:
        Path(args.out).write_text(text + "\n")
    if args.format == "json":
        _emit(text)
        return ExitCode.OK
    target = f"{Targets(urls[0], urls[0], embedded=False).description}; managed schemas: " + ", ".join(
        found.plan["schemas"]
    )
    # render.print_plan's lines for an empty plan, without the styles (rich is not imported on this path)
    _emit(
        "\n".join(
            (
                f"plan {found.plan['hash']}  from live {found.plan['fingerprint']}  — 0 step(s)  → {target}",
                "No changes: the live schema already matches the desired one.",
                found.message,
            )
        )
    )
    return ExitCode.OK


def _plan(args: argparse.Namespace, out: Console) -> int:
    from rich.console import Console

    from schemawright import make_plan, up_to_date
    from schemawright.connect.db import connect
    from schemawright.connect.targets import resolve
    from schemawright.report.render import plan_json, plan_markdown, print_plan
    from schemawright.spec import load

    fleet = cli_fleet.fleet_targets(args)
    if fleet is not None:
        return cli_fleet.run_plan(args, fleet, out)
    if args.tenant_schemas:
        return cli_fleet.run_tenants(args, out)
    desired = load(args.file, overrides=overrides_of(args))
    targets = resolve(desired, args.database, args.shadow_url)
    with connect(targets.live_url) as live:  # one connection to the live database for the whole plan
        known = None if getattr(args, "adr", None) else up_to_date(desired, live)
        if known is None:
            result = make_plan(desired, targets.live_url, targets.shadow_server_url, live_conn=live)
    if known is None:
        _print_notes(result.notes)
        plan, adr = result.plan, cli_review.plan_adr(args, desired, result, Console(stderr=True, highlight=False))
    else:  # the no-op fast path: no shadow, no diff (docs/cli.md)
        plan, adr = known.plan, None
    if args.out:
        Path(args.out).write_text(plan_json(plan, adr=adr) + "\n")
    if args.format == "json":
        _emit(plan_json(plan, adr=adr))
    elif args.format == "markdown":
        _emit(plan_markdown(plan, title=f"schemawright plan for {desired.name}"))
    else:
        print_plan(plan, out, target=f"{targets.description}; managed schemas: {', '.join(plan.schemas)}")
        if known is not None:
            out.print(known.message, markup=False, soft_wrap=True)
    return ExitCode.OK


def _apply(args: argparse.Namespace, out: Console) -> int:
    from schemawright import apply, apply_saved
    from schemawright.connect.targets import resolve
    from schemawright.connect.urls import mask
    from schemawright.report.progress import ConsoleReporter
    from schemawright.report.render import print_plan

    fleet = cli_fleet.fleet_targets(args)
    if fleet is not None:
        return cli_fleet.run_apply(args, fleet, out)
    if args.tenant_schemas:
        return cli_fleet.run_tenants(args, out)
    path = Path(args.file)
    desired = None if path.suffix == ".json" else _load_keyed(path, args)
    saved = _load_saved_plan(path) if desired is None else None
    targets = resolve(desired, args.database, args.shadow_url, name=_plan_name(saved) if saved else None)

    def show(plan: Plan, start_at: int) -> None:
        if start_at > 1:
            out.print(
                f"[yellow]resuming[/] plan {plan.hash} at step {start_at} of {len(plan.steps)} "
                "(an earlier apply of the same plan stopped there)"
            )
        print_plan(
            plan, out, target=targets.description, contract_runs=args.allow_destructive or args.approve == plan.hash
        )

    with ConsoleReporter(out) as reporter:
        if saved is not None:
            outcome = apply_saved(
                saved,
                targets.live_url,
                allow_destructive=args.allow_destructive,
                approve=args.approve,
                on_event=reporter,
                on_plan=show,
            )
            if outcome.already_applied:
                out.print(f"plan {saved.hash} was already applied to {targets.description}: nothing to do")
                return ExitCode.OK
        else:
            assert desired is not None  # a document when it is not a saved plan
            outcome = apply(
                desired,
                targets.live_url,
                targets.shadow_server_url,
                allow_destructive=args.allow_destructive,
                approve=args.approve,
                on_event=reporter,
                on_plan=show,
            )
    final = outcome.final
    if outcome.up_to_date is not None:
        out.print(outcome.up_to_date.message, markup=False, soft_wrap=True)
    ran = sum(len(o.report.results) for o in _chain(outcome))
    out.print(f"[green]applied[/] {ran} step(s) to {mask(targets.live_url)}")
    if final.gate.message and not final.report.complete:
        raise ApprovalRequired(final.gate.message)
    return ExitCode.OK


def _guard_flags(args: argparse.Namespace) -> dict[str, Any]:
    """The guard flags as given (part of a source key)."""
    return {"allow": args.allow, "allow_extension": args.allow_extension, "short_refresh": args.allow_short_refresh}


def _load_keyed(path: Path, args: argparse.Namespace) -> DesiredSchema:
    """The document at ``path`` with its source key (livestate/quick.py), which an apply records so that the next
    no-op ``plan`` of the same file answers without loading it; no key if the file changed while it was read."""
    from schemawright import source_key
    from schemawright.spec import load

    before = source_key(path, **_guard_flags(args))
    desired = load(path, overrides=overrides_of(args))
    key = before if before is not None and source_key(path, **_guard_flags(args)) == before else ""
    return dataclasses.replace(desired, source_key=key)


def _chain(outcome: ApplyOutcome) -> list[ApplyOutcome]:
    chain = [outcome]
    while chain[-1].followup is not None:
        chain.append(chain[-1].followup)
    return chain


def _status(args: argparse.Namespace, out: Console) -> int:
    from rich.table import Table

    from schemawright import status
    from schemawright.connect.targets import resolve
    from schemawright.spec import load

    desired = load(args.file) if args.file else None
    targets = resolve(desired, args.database, args.shadow_url)
    record = status(targets.live_url)
    out.print(f"target: {targets.description}", markup=False)
    _print_refreshes(desired, targets.live_url, out)
    if record is None:
        out.print("no plan was ever applied to this database by schemawright")
        return ExitCode.OK
    done = sum(1 for s in record.steps if s.status == "done")
    out.print(
        f"last plan [cyan]{record.hash}[/] from {record.source} by {record.applied_by}: [bold]{record.status}"
        f"[/], {done}/{len(record.steps)} steps done; started {record.started_at:%Y-%m-%d %H:%M:%S %Z}"
        + (f", finished {record.finished_at:%Y-%m-%d %H:%M:%S %Z}" if record.finished_at else "")
    )
    table = Table("#", "phase", "step", "status", "attempts", "seconds")
    for s in record.steps:
        style = {"done": "green", "failed": "red", "running": "yellow"}.get(s.status, "dim")
        table.add_row(
            str(s.index),
            s.phase,
            s.kind,
            f"[{style}]{s.status}[/]",
            str(s.attempts),
            f"{s.seconds:.2f}" if s.seconds is not None else "",
        )
    out.print(table)
    stopped = record.stopped_at
    if stopped is not None:
        out.print(f"stopped at step {stopped.index} ({stopped.phase}: {stopped.kind}): {stopped.status}")
    if record.error:
        out.print(f"why: {record.error}", markup=False)
    return ExitCode.OK


def _refresh(args: argparse.Namespace, out: Console) -> int:
    import os

    from rich.console import Console
    from rich.markup import escape

    from schemawright import refresh
    from schemawright.connect.targets import resolve
    from schemawright.spec import load

    desired = load(args.file, overrides=overrides_of(args))
    env = desired.database.url_from_env
    live = args.database or (os.environ.get(env) if env else None) or None
    targets = resolve(desired, live, live)  # a refresh needs no shadow: with a live URL no embedded server starts
    err = Console(stderr=True, highlight=False)
    out.print(f"target: {targets.description}", markup=False)
    report = refresh(
        desired,
        targets.live_url,
        view=args.view,
        if_due=args.if_due,
        on_notice=lambda message: err.print(f"[yellow]waiting:[/] {escape(message)}", soft_wrap=True),
    )
    for result in report.results:
        if result.status == "refreshed":
            how = "concurrently" if result.concurrently else "blocking readers"
            out.print(f"[green]refreshed[/] {result.view}: {result.rows} row(s) in {result.duration_s:.2f}s ({how})")
        elif result.status == "failed":
            err.print(f"[bold red]failed[/] {escape(result.error)}", soft_wrap=True)
        else:
            out.print(f"{result.status} {result.view}" + (f": {result.error}" if result.error else ""), markup=False)
    if not report.results:
        out.print("no views to refresh: spec.refresh is empty")
    return ExitCode.DATABASE if report.failed else ExitCode.OK


def _print_refreshes(desired: DesiredSchema | None, live_url: str, out: Console) -> None:
    """The refresh table of ``schemawright status``: the document's schedules, else every recorded view."""
    from rich.table import Table

    from schemawright import recorded_states, view_states

    def when(moment: datetime | None) -> str:
        return f"{moment:%Y-%m-%d %H:%M:%S %Z}" if moment else "never"

    table = Table("view", "last refreshed", "seconds", "rows", "next", "last error")
    if desired is not None and desired.refresh:
        for state in view_states(desired, live_url):
            table.add_row(
                state.view,
                when(state.last_refreshed),
                f"{state.duration_s:.2f}" if state.duration_s is not None else "",
                "" if state.rows is None else str(state.rows),
                when(state.next_at),
                f"[red]{state.last_error.splitlines()[0]}[/]" if state.last_error else "",
            )
    elif desired is None:
        for seen in recorded_states(live_url):
            done, last = seen.last_done, seen.last
            failed = last is not None and last.status == "failed"
            table.add_row(
                seen.view,
                when(done.finished_at if done else None),
                f"{done.duration_ms / 1000:.2f}" if done else "",
                str(done.rows) if done else "",
                "",
                f"[red]{(last.error or '').splitlines()[0]}[/]" if failed and last else "",
            )
    if table.row_count:
        out.print("materialized view refreshes:")
        out.print(table)


def _plan_name(plan: Plan) -> str:
    """The name of the document a saved plan came from (its embedded database is named after it)."""
    from schemawright.spec import load

    try:
        return load(plan.source).name
    except SchemawrightError:
        return Path(plan.source).stem


def _load_saved_plan(path: Path) -> Plan:
    from schemawright import Plan

    try:
        return Plan.from_dict(json.loads(path.read_text()))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SpecError(str(path), [Problem("(plan file)", str(exc)[:200], "a plan written by `plan --out`")]) from exc


_COMMANDS = {
    "init": _init,
    "diff": _diff,
    "plan": _plan,
    "apply": _apply,
    "status": _status,
    "refresh": _refresh,
    "lint": cli_review.run_lint,
    "adr": cli_review.run_adr,
}


if __name__ == "__main__":
    sys.exit(main())
