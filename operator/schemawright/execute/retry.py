"""Exponential backoff with full jitter, bounded by a time budget (for steps that hit lock_timeout)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """Delays to wait between attempts: first ``initial_s``, growing by ``factor`` up to ``max_s``."""

    budget_s: float  # stop offering delays once this much time would be exceeded
    initial_s: float = 0.25
    factor: float = 2.0
    max_s: float = 8.0

    def delays(self, rng: random.Random | None = None) -> Iterator[float]:
        """Delays with full jitter (uniform between half and all of the exponential delay)."""
        rng = rng or random.Random()
        spent, ceiling = 0.0, self.initial_s
        while True:
            delay = rng.uniform(ceiling / 2, ceiling)
            if spent + delay > self.budget_s:
                return
            spent += delay
            yield delay
            ceiling = min(ceiling * self.factor, self.max_s)
