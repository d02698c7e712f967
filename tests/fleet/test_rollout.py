"""The rollout runner's order and limits, with work that only records when it ran (no database needed)."""

from __future__ import annotations

import threading
import time

import pytest

from schemawright.errors import SpecError
from schemawright.fleet import FleetTarget, RolloutPolicy, roll_out
from schemawright.fleet.rollout import RetryableError, TargetResult


def fleet(count: int) -> list[FleetTarget]:
    return [FleetTarget(f"db{n:02d}", f"postgresql://app:secret@h/db{n:02d}") for n in range(count)]


class Recorder:
    """Work that sleeps a little and records the order and the peak concurrency."""

    def __init__(self, fail: set[str] = frozenset(), flaky: dict[str, int] | None = None) -> None:
        self.started: list[str] = []
        self.running = 0
        self.peak = 0
        self.fail = fail
        self.flaky = dict(flaky or {})
        self.lock = threading.Lock()

    def __call__(self, target: FleetTarget) -> TargetResult:
        with self.lock:
            self.started.append(target.name)
            self.running += 1
            self.peak = max(self.peak, self.running)
        try:
            time.sleep(0.02)
            if self.flaky.get(target.name, 0) > 0:
                self.flaky[target.name] -= 1
                raise RetryableError("another apply is in progress")
            if target.name in self.fail:
                raise ValueError("relation already exists")
            return TargetResult(target.name, "ready", plan_hash="p1")
        finally:
            with self.lock:
                self.running -= 1


def test_canary_first_then_at_most_max_parallel() -> None:
    work = Recorder()
    rollout = roll_out(fleet(12), RolloutPolicy(canary=1, max_parallel=3), work, sleep=lambda _s: None)
    assert rollout.all_ready and rollout.stopped is None
    assert work.started[0] == "db00"
    assert work.peak == 3
    assert [r.name for r in rollout.results] == [t.name for t in fleet(12)]
    canary = rollout.results[0]
    assert canary.canary and canary.finished is not None
    assert all(r.started is not None and r.started >= canary.finished for r in rollout.results[1:])


def test_a_failed_canary_starts_nothing_else() -> None:
    work = Recorder(fail={"db00"})
    rollout = roll_out(fleet(5), RolloutPolicy(), work, sleep=lambda _s: None)
    assert work.started == ["db00"]
    assert rollout.stopped is not None and "db00" in rollout.stopped
    assert [r.phase for r in rollout.results] == ["failed"] + ["pending"] * 4
    assert "ValueError: relation already exists" in (rollout.results[0].error or "")


def test_failures_beyond_max_failures_stop_new_targets() -> None:
    work = Recorder(fail={"db03"})
    rollout = roll_out(fleet(12), RolloutPolicy(canary=1, max_parallel=1, max_failures=0), work, sleep=lambda _s: None)
    assert work.started == ["db00", "db01", "db02", "db03"]
    assert rollout.stopped is not None and "db03" in rollout.stopped and "maxFailures 0" in rollout.stopped
    assert [r.phase for r in rollout.results].count("pending") == 8
    tolerant = roll_out(
        fleet(12), RolloutPolicy(max_parallel=1, max_failures=1), Recorder(fail={"db03"}), sleep=lambda _s: None
    )
    assert tolerant.stopped is None and [r.name for r in tolerant.failed] == ["db03"]


def test_retryable_failures_are_retried_with_backoff() -> None:
    waited: list[float] = []
    work = Recorder(flaky={"db01": 2})
    rollout = roll_out(fleet(3), RolloutPolicy(), work, sleep=waited.append)
    assert rollout.all_ready
    assert rollout.results[1].attempts == 3 and len(waited) == 2 and waited[1] > 0


def test_listed_order_and_bad_policies() -> None:
    targets = list(reversed(fleet(3)))
    work = Recorder()
    roll_out(targets, RolloutPolicy(order="listed", max_parallel=1), work, sleep=lambda _s: None)
    assert work.started == ["db02", "db01", "db00"]
    with pytest.raises(SpecError, match=r"rollout\.maxParallel"):
        RolloutPolicy(max_parallel=0)
    assert "secret" not in repr(targets[0])
