"""Plan and apply one document to a fleet: the desired side (guard, shadow, its inspection) is computed
once; each target inspects only its live side, diffs, and applies with its own journal, advisory lock,
crash resume and stale-plan guard (the single-database engine, unchanged)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from schemawright import engine
from schemawright.connect.urls import mask
from schemawright.errors import (
    AnotherApplyRunning,
    ApprovalMismatch,
    DatabaseUnreachable,
    LockTimeoutExhausted,
    SchemawrightError,
)
from schemawright.fleet.policy import RolloutPolicy
from schemawright.fleet.rollout import READY, WAITING, Listener, Rollout, TargetResult, roll_out
from schemawright.fleet.targets import FleetTarget
from schemawright.plan import Plan
from schemawright.spec import DesiredSchema


class TargetError(SchemawrightError):
    """A target's failure, its message free of the target's URL; ``retryable`` when a retry may fix it."""

    def __init__(self, message: str, cause: SchemawrightError) -> None:
        super().__init__(message)
        self.exit_code = cause.exit_code
        self.retryable = retryable(cause)


def retryable(exc: BaseException) -> bool:
    """A failure a later attempt may fix: another applier holds the lock, a lock wait ran out, the database
    was unreachable."""
    if isinstance(exc, TargetError):
        return exc.retryable
    return isinstance(exc, AnotherApplyRunning | LockTimeoutExhausted | DatabaseUnreachable)


def safe(text: str, target: FleetTarget) -> str:
    """``text`` with the target's URL named by the target instead, and any password masked."""
    return mask(text.replace(target.url, f"<{target.name}>").replace(mask(target.url), f"<{target.name}>"))


@dataclass
class PlanGroup:
    """Targets whose plans are identical (one plan hash)."""

    plan: Plan
    targets: list[str] = field(default_factory=list)


@dataclass
class FleetPlan:
    """One plan per target, grouped by plan hash; targets that could not be planned, with why."""

    groups: list[PlanGroup]
    failed: dict[str, str]
    notes: list[str]

    def group_of(self, name: str) -> PlanGroup | None:
        """The group ``name`` is in."""
        return next((g for g in self.groups if name in g.targets), None)


def group_plans(plans: Sequence[tuple[str, Plan]]) -> list[PlanGroup]:
    """Plans grouped by hash, in the order each hash first appears."""
    groups: dict[str, PlanGroup] = {}
    for name, plan in plans:
        groups.setdefault(plan.hash, PlanGroup(plan)).targets.append(name)
    return list(groups.values())


def plan_fleet(
    desired: DesiredSchema, targets: Sequence[FleetTarget], shadow_server_url: str, policy: RolloutPolicy | None = None
) -> FleetPlan:
    """Every target's plan (read-only), at most ``maxParallel`` inspected at once, one shadow for all."""
    policy = policy or RolloutPolicy()
    ordered = policy.ordered(targets, lambda t: t.name)
    notes: list[str] = []
    with engine.desired_side(desired, shadow_server_url, notes) as side:

        def plan_one(target: FleetTarget) -> tuple[str, Plan | str]:
            try:
                return target.name, engine.plan_against(side, target.url).plan
            except SchemawrightError as exc:
                return target.name, safe(str(exc), target)

        with ThreadPoolExecutor(max_workers=policy.max_parallel, thread_name_prefix="fleet-plan") as pool:
            planned = list(pool.map(plan_one, ordered))
    plans = [(name, p) for name, p in planned if isinstance(p, Plan)]
    failed = {name: p for name, p in planned if isinstance(p, str)}
    return FleetPlan(group_plans(plans), failed, notes)


TargetWork = Callable[[FleetTarget], TargetResult]


def apply_fleet(
    desired: DesiredSchema,
    targets: Sequence[FleetTarget],
    shadow_server_url: str,
    policy: RolloutPolicy | None = None,
    *,
    allow_destructive: bool = False,
    approve: str | None = None,
    listener: Listener | None = None,
    notes: list[str] | None = None,
) -> Rollout:
    """Roll ``desired`` out to ``targets`` as ``policy`` says. ``approve`` (a plan hash) approves that plan on
    every target whose plan has that hash; the others stop before their contract phase (waiting)."""
    policy = policy or RolloutPolicy()
    with engine.desired_side(desired, shadow_server_url, notes) as side:
        work = target_work(desired, side, allow_destructive=allow_destructive, approve=approve)
        return roll_out(targets, policy, work, retryable=retryable, listener=listener)


def target_work(
    desired: DesiredSchema, side: engine.DesiredSide, *, allow_destructive: bool, approve: str | None
) -> TargetWork:
    """The apply of one target against the shared desired side, as a rollout's work."""

    def work(target: FleetTarget) -> TargetResult:
        return apply_one(desired, target, side, allow_destructive=allow_destructive, approve=approve)

    return work


def apply_one(
    desired: DesiredSchema,
    target: FleetTarget,
    side: engine.DesiredSide,
    *,
    allow_destructive: bool,
    approve: str | None,
) -> TargetResult:
    """Apply ``desired`` to one target; ``approve`` only where the target's plan has that hash. Errors come out
    as :class:`TargetError`, without the target's URL."""

    def run(approval: str | None) -> engine.ApplyOutcome:
        return engine.apply(
            desired,
            target.url,
            side.shadow_server_url,
            allow_destructive=allow_destructive,
            approve=approval,
            side=side,
        )

    try:
        try:
            outcome = run(approve)
        except ApprovalMismatch:
            outcome = run(None)  # this target's plan is another one: it runs up to its approval gate
    except SchemawrightError as exc:
        raise TargetError(safe(str(exc), target), exc) from None
    return result_of(target.name, outcome)


def result_of(name: str, outcome: engine.ApplyOutcome) -> TargetResult:
    """A target's result from its apply outcome: ready, or waiting before its contract phase."""
    chain = [outcome]
    while chain[-1].followup is not None:
        chain.append(chain[-1].followup)
    final = chain[-1]
    steps = sum(len(o.report.results) for o in chain)
    result = TargetResult(
        name,
        READY,
        plan_hash=final.plan.hash,
        steps=steps,
        fingerprint=final.live_fingerprint,
        changes=plan_changes(next((o.plan for o in reversed(chain) if o.plan.steps), final.plan)),
    )
    if final.report.complete:
        return result
    reason = (final.gate.message or "").splitlines()[0] if final.gate.message else "contract steps wait"
    return replace(result, phase=WAITING, error=reason)


def plan_changes(plan: Plan, limit: int = 5) -> tuple[str, ...]:
    """What ``plan`` changes, one short line per step (its kind and table), at most ``limit`` lines and then how
    many more: what a drifted target's plan puts back, short enough for a status."""
    lines = [f"{step.phase}: {step.kind}" + (f" {step.table}" if step.table else "") for step in plan.steps[:limit]]
    if len(plan.steps) > limit:
        lines.append(f"and {len(plan.steps) - limit} more step(s)")
    return tuple(lines)
