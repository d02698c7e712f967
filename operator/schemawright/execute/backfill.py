"""Batched backfill: keyset pagination over the primary key, one short transaction per batch.

Idempotent by construction (only rows whose column is still NULL are touched). Each batch records the
last key it reached in the journal, in its own transaction, so after a crash the next apply continues
from there instead of starting over. A final sweep from the start catches rows the application wrote
with NULLs while the keyset pass was running.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import psycopg

from schemawright.execute import failpoints
from schemawright.plan import Backfill

Conn = psycopg.Connection[tuple[Any, ...]]
Progress = Callable[[int, int, float], None]  # (rows done, rows estimated in total, rows per second)
Checkpoint = Callable[[list[Any] | None, int], None]  # (last key, rows done): called inside the batch transaction
Retry = Callable[[Callable[[], Any]], Any]


def run_backfill(
    conn: Conn,
    backfill: Backfill,
    *,
    lock_timeout_ms: int,
    statement_timeout_ms: int,
    retry: Retry,
    pause_s: float = 0.0,
    start_after: list[Any] | None = None,
    done_before: int = 0,
    progress: Progress | None = None,
    checkpoint: Checkpoint | None = None,
) -> int:
    """Fill ``backfill.column`` in batches; returns the number of rows updated by this call."""
    row = conn.execute(backfill.remaining_sql().encode()).fetchone()
    remaining = int(row[0]) if row else 0
    total = done_before + remaining
    done, started = done_before, time.monotonic()
    after: tuple[Any, ...] | None = tuple(start_after) if start_after else None
    batches = 0
    if progress:
        progress(done, total, 0.0)
    for sweep in (False, True):
        after = None if sweep else after
        while True:
            result = retry(
                lambda after=after, done=done, sweep=sweep: _batch(  # type: ignore[misc]
                    conn, backfill, after, sweep, lock_timeout_ms, statement_timeout_ms, checkpoint, done
                )
            )
            if result is None:
                break
            count, after = result
            batches += 1
            done += count
            if progress:
                elapsed = time.monotonic() - started
                progress(done, max(total, done), (done - done_before) / elapsed if elapsed > 0 else 0.0)
            failpoints.hit("after-batch", batches)
            if pause_s:
                time.sleep(pause_s)
    return done - done_before


def _batch(
    conn: Conn,
    backfill: Backfill,
    after: tuple[Any, ...] | None,
    sweep: bool,
    lock_timeout_ms: int,
    statement_timeout_ms: int,
    checkpoint: Checkpoint | None,
    done: int,
) -> tuple[int, tuple[Any, ...]] | None:
    """One batch in its own transaction: (rows updated, last key), or None when nothing was left."""
    with conn.transaction():
        conn.execute(f"SET LOCAL lock_timeout = {int(lock_timeout_ms)}".encode())
        conn.execute(f"SET LOCAL statement_timeout = {int(statement_timeout_ms)}".encode())
        query = backfill.batch_sql(after, sweep=sweep).encode()
        row = (
            conn.execute(query, after).fetchone() if after is not None and not sweep else conn.execute(query).fetchone()
        )
        if row is None:
            return None
        count, last = int(row[0]), tuple(row[1:])
        if checkpoint and not sweep:
            # Keys as text: JSON holds any key type, and PostgreSQL casts the text back when the batch resumes.
            checkpoint([str(k) for k in last], done + count)
        return count, last
