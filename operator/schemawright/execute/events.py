"""What the runner reports while it works (the CLI draws it, the operator puts it into status/events)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from schemawright.execute.locks import Blocker
from schemawright.plan import Step


@dataclass(frozen=True)
class Event:
    """One thing that happened during an apply.

    ``kind`` is one of: ``step-start``, ``step-done``, ``step-skipped`` (already there after a crash),
    ``lock-retry`` (lock_timeout hit; ``delay_s`` until the next attempt, ``blockers`` holding the lock),
    ``backfill`` (``done``/``total`` rows, ``rate`` rows/s, ``eta_s``).
    """

    kind: str
    index: int
    step: Step
    attempt: int = 1
    delay_s: float = 0.0
    blockers: tuple[Blocker, ...] = field(default_factory=tuple)
    done: int = 0
    total: int = 0
    rate: float = 0.0
    eta_s: float | None = None
    message: str = ""


EventCallback = Callable[[Event], None]
