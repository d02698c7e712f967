"""What each target's journal says about the last rollout: when its plan ran, for order and concurrency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import psycopg

Window = tuple[dt.datetime, dt.datetime]


def last_window(url: str) -> Window | None:
    """When the database's last journaled plan started and finished (None when none finished)."""
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT started_at, finished_at FROM schemawright.plans ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row and row[0] and row[1] else None


def peak_overlap(windows: Sequence[Window]) -> int:
    """The most windows running at one instant."""
    edges = sorted(
        [(start, 1) for start, _ in windows] + [(end, -1) for _, end in windows], key=lambda e: (e[0], e[1])
    )  # an end before a start at the same instant
    peak = running = 0
    for _, change in edges:
        running += change
        peak = max(peak, running)
    return peak
