"""The rollout runner: canaries alone first, then the rest with at most ``maxParallel`` at once, stopping new
targets once failures exceed ``maxFailures``; retryable failures are retried with backoff.

Generic over the work done per target (a plan, an apply), so it knows nothing of databases. Threads: the
work is I/O (each target waits on its own database).
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Literal

from schemawright.errors import ExitCode
from schemawright.execute.retry import Backoff
from schemawright.fleet.policy import RolloutPolicy
from schemawright.fleet.targets import FleetTarget

Phase = Literal["ready", "waitingForApproval", "failed", "pending", "applying"]
READY: Phase = "ready"
WAITING: Phase = "waitingForApproval"
FAILED: Phase = "failed"
PENDING: Phase = "pending"
APPLYING: Phase = "applying"


@dataclass
class TargetResult:
    """How one target ended (``pending``: never started, because the rollout stopped first)."""

    name: str
    phase: Phase
    plan_hash: str | None = None
    steps: int = 0  # steps run
    error: str | None = None  # why it failed or waits (no credentials: errors are masked by the work)
    retryable: bool = False  # the failure is one a later retry may fix (lock held, unreachable)
    exit_code: int = 0  # a failure's exit code (errors.ExitCode); 0 when it did not fail
    attempts: int = 0
    started: float | None = None  # time.monotonic() when its work began
    finished: float | None = None
    canary: bool = False
    fingerprint: str | None = None  # the live schema where its plan or apply left it (None: unknown, e.g. failed)
    changes: tuple[str, ...] = ()  # what its plan changes, one short line per step (plan_changes)


@dataclass
class Rollout:
    """The results of every target in rollout order, and why the rollout stopped (None: it did not)."""

    results: list[TargetResult]
    stopped: str | None = None

    def by_phase(self, phase: Phase) -> list[TargetResult]:
        """The targets in ``phase``."""
        return [r for r in self.results if r.phase == phase]

    @property
    def failed(self) -> list[TargetResult]:
        """The failed targets."""
        return self.by_phase(FAILED)

    @property
    def all_ready(self) -> bool:
        """Whether every target is ready."""
        return all(r.phase == READY for r in self.results)


@dataclass(frozen=True)
class RolloutEvent:
    """Progress: ``wave-start``/``wave-finish`` (``wave`` is ``canary`` or ``rest``), ``target-start`` and
    ``target-done`` (with ``result``), ``retry`` (with ``delay_s``)."""

    kind: str
    wave: str
    targets: tuple[str, ...] = ()
    result: TargetResult | None = None
    delay_s: float = 0.0


class RetryableError(Exception):
    """Raised by a target's work for a failure a retry may fix; ``message`` is safe to show."""


log = logging.getLogger("schemawright.fleet")

Work = Callable[[FleetTarget], TargetResult]
Listener = Callable[[RolloutEvent], None]


@dataclass
class _Runner:
    policy: RolloutPolicy
    work: Work
    retryable: Callable[[BaseException], bool]
    listener: Listener
    sleep: Callable[[float], None]
    failures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def notify(self, event: RolloutEvent) -> None:
        """Tell the listener; its failure (a status patch, an event post) never stops the rollout."""
        try:
            self.listener(event)
        except Exception as exc:
            log.warning("rollout progress report failed: %s", type(exc).__name__)

    def one(self, target: FleetTarget, wave: str) -> TargetResult:
        started = time.monotonic()
        self.notify(RolloutEvent("target-start", wave, (target.name,)))
        delays = Backoff(budget_s=self.policy.retry_budget_s, initial_s=0.5, max_s=15.0).delays()
        attempts = 0
        while True:
            attempts += 1
            try:
                result = self.work(target)
                break
            except Exception as exc:  # one target's failure must not end the others' rollout
                retry = self.retryable(exc)
                delay = next(delays, None) if retry else None
                if delay is None:
                    result = TargetResult(
                        target.name,
                        FAILED,
                        error=_message(exc),
                        retryable=retry,
                        exit_code=int(getattr(exc, "exit_code", ExitCode.INTERNAL)),
                    )
                    break
                self.notify(RolloutEvent("retry", wave, (target.name,), delay_s=delay))
                self.sleep(delay)
        result.attempts, result.started, result.finished = attempts, started, time.monotonic()
        result.canary = wave == "canary"
        if result.phase == FAILED:
            with self.lock:
                self.failures += 1
        self.notify(RolloutEvent("target-done", wave, (target.name,), result))
        return result

    def wave(self, targets: Sequence[FleetTarget], name: str, *, stop_after: int) -> dict[str, TargetResult]:
        """Run ``targets`` with at most maxParallel at once; start no new one once failures exceed
        ``stop_after``."""
        self.notify(RolloutEvent("wave-start", name, tuple(t.name for t in targets)))
        results: dict[str, TargetResult] = {}
        queue = list(targets)
        running: set[Future[TargetResult]] = set()
        with ThreadPoolExecutor(max_workers=self.policy.max_parallel, thread_name_prefix=f"fleet-{name}") as pool:
            while queue or running:
                while queue and len(running) < self.policy.max_parallel and self.failures <= stop_after:
                    target = queue.pop(0)
                    # the caller's context (e.g. kopf's, which its event posting needs) in each worker
                    running.add(pool.submit(contextvars.copy_context().run, self.one, target, name))
                if not running:
                    break
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    result = future.result()
                    results[result.name] = result
        self.notify(RolloutEvent("wave-finish", name, tuple(results)))
        return results


def roll_out(
    targets: Sequence[FleetTarget],
    policy: RolloutPolicy,
    work: Work,
    *,
    retryable: Callable[[BaseException], bool] = lambda exc: isinstance(exc, RetryableError),
    listener: Listener | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Rollout:
    """Run ``work`` on every target as ``policy`` says: the canaries first (every one must succeed), then
    the rest; a failure beyond ``maxFailures`` stops new targets from starting (running ones finish)."""
    ordered = policy.ordered(targets, lambda t: t.name)
    runner = _Runner(policy, work, retryable, listener or (lambda _event: None), sleep)
    canaries, rest = ordered[: policy.canary], ordered[policy.canary :]
    results: dict[str, TargetResult] = {}
    stopped = None
    if canaries:
        results.update(runner.wave(canaries, "canary", stop_after=0))
        failed = [r.name for r in results.values() if r.phase == FAILED]
        if failed:
            stopped = f"canary {', '.join(failed)} failed: the other targets were not started"
    if rest and stopped is None:
        results.update(runner.wave(rest, "rest", stop_after=policy.max_failures))
        if runner.failures > policy.max_failures:
            failed = [r.name for r in results.values() if r.phase == FAILED]
            stopped = (
                f"{len(failed)} target(s) failed ({first_names(failed)}), more than maxFailures "
                f"{policy.max_failures}: no new target was started"
            )
    return Rollout([results.get(t.name) or TargetResult(t.name, PENDING) for t in ordered], stopped)


def first_names(names: Sequence[str], count: int = 3) -> str:
    """At most ``count`` names, then how many more (for messages that must stay short with 10,000 targets)."""
    shown = ", ".join(names[:count])
    return shown + (f" and {len(names) - count} more" if len(names) > count else "")


def _message(exc: BaseException) -> str:
    """Our own errors speak for themselves; anything else is named by its type (a bug, or the driver)."""
    text = str(exc).strip() or type(exc).__name__
    return text if type(exc).__module__.startswith("schemawright") else f"{type(exc).__name__}: {text}"
