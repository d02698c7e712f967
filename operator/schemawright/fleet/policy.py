"""The rollout policy of a fleet: canaries first, then the rest in parallel, stopping on failures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from schemawright.errors import Problem, SpecError

Order = Literal["name", "listed"]
T = TypeVar("T")


@dataclass(frozen=True)
class RolloutPolicy:
    """``spec.rollout`` and the CLI's rollout flags."""

    canary: int = 1  # targets applied first, alone; they must succeed before the rest start
    max_parallel: int = 4  # at most this many targets are applied at once
    max_failures: int = 0  # failed targets tolerated; one more stops new targets from starting
    order: Order = "name"  # by target name, or as listed (--targets order, Secrets by name anyway)
    retry_budget_s: float = 60.0  # how long a retryable failure (lock held, unreachable) is retried per target

    def __post_init__(self) -> None:
        problems = [
            Problem(f"rollout.{name}", str(value), expected)
            for name, value, ok, expected in (
                ("canary", self.canary, self.canary >= 0, "0 or more"),
                ("maxParallel", self.max_parallel, self.max_parallel >= 1, "1 or more"),
                ("maxFailures", self.max_failures, self.max_failures >= 0, "0 or more"),
                ("order", self.order, self.order in ("name", "listed"), "name or listed"),
            )
            if not ok
        ]
        if problems:
            raise SpecError("rollout", problems)

    def ordered(self, items: Sequence[T], name: Any) -> list[T]:
        """``items`` in rollout order (``name`` gives an item's name)."""
        return sorted(items, key=name) if self.order == "name" else list(items)


def from_spec(spec: Mapping[str, Any] | None) -> RolloutPolicy:
    """The policy of a ``spec.rollout`` mapping (defaults for what it does not say)."""
    spec = spec or {}
    base = RolloutPolicy()
    return RolloutPolicy(
        canary=int(spec.get("canary", base.canary)),
        max_parallel=int(spec.get("maxParallel", base.max_parallel)),
        max_failures=int(spec.get("maxFailures", base.max_failures)),
        order=spec.get("order", base.order),
    )
