"""Batched backfill: keyset pagination over the primary key, one short transaction per batch.

Idempotent by construction (only rows whose column is still NULL are touched), so a restart
continues where the last committed batch left off instead of starting over.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import psycopg

from schemawright.plan import Backfill

Progress = Callable[[int, int], None]  # (rows done, rows estimated in total)


def run_backfill(conn: psycopg.Connection[tuple[object, ...]], backfill: Backfill, *, lock_timeout_ms: int,
                 statement_timeout_ms: int, pause_s: float = 0.0, progress: Progress | None = None) -> int:
    """Fill ``backfill.column`` in batches; returns the number of rows updated."""
    row = conn.execute(backfill.remaining_sql().encode()).fetchone()
    total = int(str(row[0])) if row else 0
    done = 0
    after: tuple[object, ...] | None = None
    if progress:
        progress(0, total)
    while True:
        with conn.transaction():
            conn.execute(f"SET LOCAL lock_timeout = {int(lock_timeout_ms)}".encode())
            conn.execute(f"SET LOCAL statement_timeout = {int(statement_timeout_ms)}".encode())
            query = backfill.batch_sql(after).encode()
            keys = conn.execute(query, after).fetchall() if after is not None else conn.execute(query).fetchall()
        if not keys:
            break
        done += len(keys)
        after = max(tuple(k) for k in keys)
        if progress:
            progress(done, max(total, done))
        if pause_s:
            time.sleep(pause_s)
    return done
