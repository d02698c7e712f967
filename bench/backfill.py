"""Backfill of 1,000,000 rows: schemawright's batched backfill against one giant UPDATE, in the same run.

Prints throughput of each (rows/s), the ratio batched/giant (target ≥ 0.5), and the longest wait of a
concurrent writer (updating random rows and inserting) during each — target: within lock_timeout for ours.
Run: python bench/backfill.py [rows] [batch size]
"""

from __future__ import annotations

import random
import sys
import threading
import time

import psycopg

from schemawright.connect.embedded import temporary_server
from schemawright.execute.backfill import run_backfill
from schemawright.plan import Backfill

LOCK_TIMEOUT_MS = 2000


class Writer(threading.Thread):
    """Updates a random row and inserts one, in a loop, timing each statement."""

    def __init__(self, url: str, rows: int) -> None:
        super().__init__(daemon=True)
        self.url, self.rows = url, rows
        self.stop = threading.Event()
        self.max_wait = 0.0
        self.statements = 0
        self.failures = 0

    def run(self) -> None:
        rng = random.Random(1)
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stop.is_set():
                for query, args in (
                    ("UPDATE items SET note = 'w' WHERE id = %s", (rng.randint(1, self.rows),)),
                    ("INSERT INTO items (note, filled) VALUES ('new', 'x')", None),
                ):
                    started = time.perf_counter()
                    try:
                        conn.execute(query, args)
                    except psycopg.Error:
                        self.failures += 1
                    self.max_wait = max(self.max_wait, time.perf_counter() - started)
                    self.statements += 1
                time.sleep(0.002)


def prepare(admin: str, template: str, name: str) -> str:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'.encode())
    return admin.replace("/postgres?", f"/{name}?")


def measure(label: str, url: str, rows: int, work: object) -> tuple[float, float, int]:
    writer = Writer(url, rows)
    writer.start()
    time.sleep(0.2)
    started = time.perf_counter()
    work(url)  # type: ignore[operator]
    seconds = time.perf_counter() - started
    writer.stop.set()
    writer.join()
    left = psycopg.connect(url).execute("SELECT count(*) FROM items WHERE filled IS NULL").fetchone()
    print(
        f"{label}: {rows / seconds:,.0f} rows/s ({seconds:.2f}s); concurrent writer: {writer.statements} "
        f"statements, max wait {writer.max_wait * 1000:.0f} ms, {writer.failures} failed; rows left NULL: "
        f"{left[0] if left else '?'}"
    )
    return rows / seconds, writer.max_wait, writer.failures


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    with temporary_server() as server:
        admin = server.url("postgres")
        template = server.ensure_database("bench_backfill_template")
        with psycopg.connect(template, autocommit=True) as conn:
            conn.execute(
                b"CREATE TABLE items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text, filled text)"
            )
            conn.execute(f"INSERT INTO items (note) SELECT 'n' || i FROM generate_series(1, {rows}) i".encode())
            conn.execute(b"VACUUM ANALYZE items")

        def giant(url: str) -> None:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(b"UPDATE items SET filled = 'v' || id WHERE filled IS NULL")

        def batched(url: str) -> None:
            backfill = Backfill(
                schema="public", table="items", column="filled", expression="'v' || id", key=("id",), batch_size=batch
            )
            with psycopg.connect(url, autocommit=True) as conn:
                run_backfill(
                    conn,
                    backfill,
                    lock_timeout_ms=LOCK_TIMEOUT_MS,
                    statement_timeout_ms=0,
                    retry=lambda attempt: attempt(),
                )

        giant_rate, giant_wait, _ = measure(
            "one giant UPDATE", prepare(admin, "bench_backfill_template", "g"), rows, giant
        )
        ours_rate, ours_wait, ours_failed = measure(
            f"batched backfill ({batch} rows/batch)", prepare(admin, "bench_backfill_template", "b"), rows, batched
        )
        print(
            f"throughput ratio batched/giant: {ours_rate / giant_rate:.2f} (target >= 0.5); writer max wait: "
            f"ours {ours_wait * 1000:.0f} ms (lock_timeout {LOCK_TIMEOUT_MS} ms), giant UPDATE "
            f"{giant_wait * 1000:.0f} ms"
        )
        return 0 if ours_rate / giant_rate >= 0.5 and ours_wait * 1000 <= LOCK_TIMEOUT_MS and not ours_failed else 1


if __name__ == "__main__":
    sys.exit(main())
