"""``plan`` and ``apply`` of one document to a fleet of databases (``--database`` repeated, or ``--targets``).

Kept apart from :mod:`schemawright.cli.app` (which registers the flags and hands over) so each stays small.
Targets are named, never shown by URL.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from schemawright.errors import ExitCode, Problem, SchemawrightError, SpecError

if TYPE_CHECKING:
    from rich.console import Console

    from schemawright.fleet import FleetPlan, FleetTarget, Rollout, RolloutEvent, RolloutPolicy, TargetResult


class FleetFailed(SchemawrightError):
    """Some targets failed or wait for approval; the exit code is the first failure's (3 when only waiting)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = ExitCode(exit_code)


def add_flags(p: argparse.ArgumentParser) -> None:
    """``--targets FILE`` and the rollout flags (``--database`` may be repeated for ``plan`` and ``apply``)."""
    p.add_argument(
        "--targets",
        metavar="FILE",
        help="a fleet: a YAML/JSON list of {name, url} or {name, urlFromEnv}; "
        "the document is planned (applied) to each (docs/fleets.md)",
    )
    p.add_argument(
        "--tenant-schemas",
        metavar="PATTERN|A,B",
        help="schema per tenant: apply the document's one "
        "schema to every schema of the database matching PATTERN (e.g. 'tenant_*') or listed (apply only)",
    )
    p.add_argument(
        "--canary",
        type=int,
        default=1,
        metavar="N",
        help="fleet: targets applied first, alone; they must succeed before the rest start (default 1)",
    )
    p.add_argument(
        "--max-parallel", type=int, default=4, metavar="N", help="fleet: at most N targets at once (default 4)"
    )
    p.add_argument(
        "--max-failures",
        type=int,
        default=0,
        metavar="N",
        help="fleet: failed targets tolerated; one more stops new targets from starting (default 0)",
    )
    p.add_argument(
        "--order",
        choices=["name", "listed"],
        default="name",
        help="fleet: roll out by target name (default) or in the order listed",
    )


def fleet_targets(args: argparse.Namespace) -> list[FleetTarget] | None:
    """The fleet the flags name, or None for a single database (then ``args.database`` is set)."""
    from schemawright.fleet import from_file, from_urls

    urls = list(args.databases or [])
    if args.targets and urls:
        raise SpecError(
            "--targets",
            [
                Problem(
                    "--targets",
                    "--targets and --database together",
                    "one of them: list every target in the file, or repeat --database",
                )
            ],
        )
    if args.targets:
        return from_file(args.targets)
    if len(urls) > 1:
        return from_urls(urls)
    args.database = urls[0] if urls else None
    return None


def policy_of(args: argparse.Namespace) -> RolloutPolicy:
    """The rollout policy of the flags (SpecError naming the flag when one is out of range)."""
    from schemawright.fleet import RolloutPolicy

    return RolloutPolicy(
        canary=args.canary, max_parallel=args.max_parallel, max_failures=args.max_failures, order=args.order
    )


def _shadow(args: argparse.Namespace) -> str:
    from schemawright.connect.targets import embedded
    from schemawright.connect.urls import check_url

    return check_url(args.shadow_url, field="--shadow-url") if args.shadow_url else embedded().url("postgres")


def run_tenants(args: argparse.Namespace, out: Console) -> int:
    """``apply FILE --tenant-schemas PATTERN``: each matching schema of the one database is a target."""
    from schemawright import apply_tenants
    from schemawright.cli.app import overrides_of
    from schemawright.connect.targets import resolve
    from schemawright.fleet import matching_schemas
    from schemawright.spec import load

    if args.command != "apply":
        raise SpecError("--tenant-schemas", [Problem("--tenant-schemas", f"with {args.command}", "apply")])
    desired = load(args.file, overrides=overrides_of(args))
    where = resolve(desired, args.database, args.shadow_url)
    given = args.tenant_schemas
    pattern = given if any(c in given for c in "*?[") else None
    schemas = matching_schemas(where.live_url, pattern, [] if pattern else given.split(","))
    if not schemas:
        raise SpecError(
            "--tenant-schemas",
            [
                Problem(
                    "--tenant-schemas",
                    f"no schema of {where.description} matches {given!r}",
                    "existing schemas to apply to",
                )
            ],
        )
    rollout = apply_tenants(
        desired,
        where.live_url,
        schemas,
        where.shadow_server_url,
        policy_of(args),
        allow_destructive=args.allow_destructive,
        approve=args.approve,
        listener=_printer(out),
    )
    return finish(rollout, out)


def run_plan(args: argparse.Namespace, targets: list[FleetTarget], out: Console) -> int:
    """``plan FILE`` for a fleet: identical plans shown once, with the targets they apply to."""
    from schemawright import plan_fleet
    from schemawright.cli.app import overrides_of
    from schemawright.cli.output import emit as _emit
    from schemawright.cli.output import print_notes as _print_notes
    from schemawright.report.render import plan_markdown, print_plan
    from schemawright.spec import load

    if args.out or getattr(args, "adr", None):
        flag = "--out" if args.out else "--adr"
        raise SpecError(
            flag,
            [
                Problem(
                    flag,
                    f"{flag} with a fleet",
                    "plan one database for a saved plan or an "
                    "ADR; a fleet's apply plans each target again (docs/fleets.md)",
                )
            ],
        )
    desired = load(args.file, overrides=overrides_of(args))
    planned = plan_fleet(desired, targets, _shadow(args), policy_of(args))
    _print_notes(planned.notes)
    if args.format == "json":
        _emit(json.dumps(fleet_plan_dict(planned), indent=2))
    elif args.format == "markdown":
        _emit(
            "\n\n".join(
                plan_markdown(
                    g.plan,
                    title=f"schemawright plan for {desired.name} on {len(g.targets)} target(s): {', '.join(g.targets)}",
                )
                for g in planned.groups
            )
        )
    else:
        out.print(
            f"fleet of {len(targets)} target(s): {len(planned.groups)} distinct plan(s)"
            + (f", {len(planned.failed)} could not be planned" if planned.failed else ""),
            markup=False,
        )
        for group in planned.groups:
            names = ", ".join(group.targets)
            print_plan(group.plan, out, target=f"{len(group.targets)} target(s): {names}")
    for name, error in planned.failed.items():
        out.print(f"[red]{name}[/]: could not plan: {error}", soft_wrap=True)
    if planned.failed:
        raise FleetFailed(
            f"{len(planned.failed)} target(s) could not be planned: {', '.join(planned.failed)}", ExitCode.DATABASE
        )
    return ExitCode.OK


def fleet_plan_dict(planned: FleetPlan) -> dict[str, object]:
    """``plan --format json`` of a fleet: the distinct plans, each with its targets; targets that failed."""
    return {
        "groups": [{"hash": g.plan.hash, "targets": g.targets, "plan": g.plan.to_dict()} for g in planned.groups],
        "failed": planned.failed,
    }


def run_apply(args: argparse.Namespace, targets: list[FleetTarget], out: Console) -> int:
    """``apply FILE`` for a fleet: per-target results as they finish, then a summary; non-zero naming failures."""
    from schemawright import apply_fleet
    from schemawright.cli.app import overrides_of
    from schemawright.cli.output import print_notes as _print_notes
    from schemawright.spec import load

    if Path(args.file).suffix == ".json":
        raise SpecError(
            args.file,
            [
                Problem(
                    args.file,
                    "a saved plan with a fleet",
                    "the document: each target is planned against its own live schema (docs/fleets.md)",
                )
            ],
        )
    desired = load(args.file, overrides=overrides_of(args))
    notes: list[str] = []
    rollout = apply_fleet(
        desired,
        targets,
        _shadow(args),
        policy_of(args),
        allow_destructive=args.allow_destructive,
        approve=args.approve,
        listener=_printer(out),
        notes=notes,
    )
    _print_notes(notes)
    return finish(rollout, out)


def _printer(out: Console) -> Callable[[RolloutEvent], None]:
    """Rollout progress as lines: waves, retries, each target's result as it finishes."""

    def show(event: RolloutEvent) -> None:
        if event.kind == "wave-start":
            out.print(f"{event.wave} wave: {len(event.targets)} target(s)", markup=False)
        elif event.kind == "retry":
            out.print(f"  {event.targets[0]}: retrying in {event.delay_s:.1f}s", markup=False)
        elif event.kind == "target-done" and event.result is not None:
            out.print("  " + result_line(event.result), markup=False, soft_wrap=True)

    return show


def result_line(result: TargetResult) -> str:
    """One target's result: ``name: ready (plan H, 3 step(s))``, ``waiting…``, ``failed: why``."""
    if result.phase == "failed":
        return f"{result.name}: failed: {result.error}"
    if result.phase == "pending":
        return f"{result.name}: pending (not started)"
    head = f"{result.name}: {result.phase} (plan {result.plan_hash}, {result.steps} step(s) run)"
    return head + (f": {result.error}" if result.phase == "waitingForApproval" and result.error else "")


def finish(rollout: Rollout, out: Console) -> int:
    """The summary line; :class:`FleetFailed` naming the failed (or waiting) targets, else exit 0."""
    from schemawright.fleet import first_names

    counts = {phase: len(rollout.by_phase(phase)) for phase in ("ready", "waitingForApproval", "failed", "pending")}
    out.print(
        f"{len(rollout.results)} target(s): " + ", ".join(f"{n} {phase}" for phase, n in counts.items()), markup=False
    )
    for result in rollout.results:
        if result.phase == "pending":
            out.print("  " + result_line(result), markup=False)
    failed = rollout.failed
    if failed:
        why = f"; {rollout.stopped}" if rollout.stopped else ""
        raise FleetFailed(
            f"{len(failed)} target(s) failed: {first_names([r.name for r in failed], 10)}{why}",
            failed[0].exit_code or ExitCode.DATABASE,
        )
    waiting = rollout.by_phase("waitingForApproval")
    if waiting:
        hashes = sorted({r.plan_hash or "?" for r in waiting})
        raise FleetFailed(
            f"{len(waiting)} target(s) wait for approval of plan(s) {', '.join(hashes)}: approve "
            "with --approve HASH (approves that plan on every target whose plan has that hash)",
            ExitCode.BLOCKED,
        )
    return ExitCode.OK
