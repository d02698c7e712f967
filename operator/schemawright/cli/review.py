"""The architect's-review commands of the command line: ``lint`` and ``adr export``, and the ADR of ``plan``.

Kept apart from :mod:`schemawright.cli.app` (which registers them) so each command stays small.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from schemawright.connect.urls import check_url
from schemawright.errors import ExitCode

if TYPE_CHECKING:  # the commands import what they use: registering them must keep `--help` fast
    from rich.console import Console

    from schemawright import PlanResult
    from schemawright.spec import DesiredSchema

TargetFlags = Callable[[argparse.ArgumentParser], None]


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser], target_flags: TargetFlags) -> None:
    """Register ``lint`` and ``adr`` on the top-level subcommands."""
    p = sub.add_parser(
        "lint",
        help="review the desired schema like a database architect: lint rules, access "
        "patterns (exit 2 when an error-severity finding remains)",
    )
    p.add_argument("file")
    target_flags(p)
    p.add_argument("--format", choices=["text", "json", "sarif"], default="text")
    p.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record today's findings in FILE (YAML, one entry per "
        "finding naming rule and object) and exit 0; commit it so CI fails only on new findings",
    )
    p.add_argument(
        "--baseline",
        metavar="FILE",
        help="findings FILE lists are accepted (reported as a count); "
        "only new error-severity findings fail; entries no finding matches are reported as stale",
    )
    p = sub.add_parser("adr", help="architecture decision records")
    adr_sub = p.add_subparsers(dest="adr_command", required=True)
    p = adr_sub.add_parser("export", help="render spec.decisions as numbered Markdown ADRs")
    p.add_argument("file")
    p.add_argument("--out", metavar="DIR", help="write NNNN-<title>.md files there (default: print them)")


def add_plan_flags(p: argparse.ArgumentParser) -> None:
    """``plan --adr DIR``."""
    p.add_argument(
        "--adr",
        metavar="DIR",
        help="also write the plan's architecture decision record as the next "
        "numbered Markdown file in DIR (e.g. docs/adr/)",
    )


def plan_adr(args: argparse.Namespace, desired: DesiredSchema, result: PlanResult, err: Console) -> str:
    """The plan's ADR (Markdown); with ``--adr DIR`` also written there as the next numbered file."""
    from schemawright.report import adr

    text = adr.plan_adr(result.plan, desired=desired, live=result.live)
    if getattr(args, "adr", None):
        if result.plan.is_empty:
            err.print("no changes: no ADR written", markup=False, soft_wrap=True)
        else:
            path = adr.write_plan_adr(Path(args.adr), result.plan, desired=desired, live=result.live)
            err.print(f"wrote {path}", markup=False, soft_wrap=True)
    return text


def run_lint(args: argparse.Namespace, out: Console) -> int:
    """``schemawright lint FILE``: exit 0, or 2 when an error-severity finding remains."""
    from schemawright.cli.app import overrides_of
    from schemawright.connect.targets import embedded
    from schemawright.lint import baseline, lint
    from schemawright.lint.output import print_report, report_json, report_sarif
    from schemawright.spec import load

    desired = load(args.file, overrides=overrides_of(args))
    live = args.database
    if live is None and desired.database.url_from_env:
        live = os.environ.get(desired.database.url_from_env) or None
    if live is not None:
        check_url(live, field="--database")
    if args.shadow_url is not None:
        check_url(args.shadow_url, field="--shadow-url")
    shadow = args.shadow_url or embedded().url("postgres")
    report = lint(desired, shadow, live_url=live)
    if args.write_baseline:
        count = baseline.write(Path(args.write_baseline), report.findings, desired.source)
        out.print(
            f"wrote {count} finding(s) to {args.write_baseline}: `schemawright lint --baseline "
            f"{args.write_baseline}` fails only on new ones",
            markup=False,
            soft_wrap=True,
        )
        return ExitCode.OK
    if args.baseline:
        report = report.against(baseline.load(Path(args.baseline)))
    if args.format == "json":
        out.print(report_json(report), markup=False, soft_wrap=True, highlight=False, emoji=False)
    elif args.format == "sarif":
        out.print(report_sarif(report), markup=False, soft_wrap=True, highlight=False, emoji=False)
    else:
        print_report(report, out)
    return ExitCode.INVALID_INPUT if report.failed else ExitCode.OK


def run_adr(args: argparse.Namespace, out: Console) -> int:
    """``schemawright adr export FILE [--out DIR]``."""
    from schemawright.report import adr
    from schemawright.spec import load

    desired = load(args.file)
    if args.out:
        for path in adr.export_decisions(desired, Path(args.out)):
            out.print(f"wrote {path}", markup=False, soft_wrap=True)
        return ExitCode.OK
    files = adr.decision_files(desired)
    if not files:
        out.print(f"{desired.source}: no spec.decisions", markup=False)
    for n, (name, text) in enumerate(files):
        out.print(("\n" if n else "") + f"<!-- {name} -->\n{text}", markup=False, soft_wrap=True, highlight=False)
    return ExitCode.OK
