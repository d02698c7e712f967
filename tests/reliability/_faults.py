"""Helpers for the fault checks: the real CLI as a separate process, a target with rows, what it holds."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable

import psycopg

ROWS = 20_000

LIVE = f"""
CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO items SELECT i, 'name ' || i FROM generate_series(1, {ROWS}) AS i;
ANALYZE items;
"""

# Each kind of step: two transactional column adds, an index built concurrently, a backfill in batches, then
# the NOT NULL dance (three more transactional steps).
DESIRED = """
apiVersion: schemawright.io/v1alpha1
kind: DatabaseSchema
metadata: {name: faults}
spec:
  policy: {backfillBatchSize: 2000, lockTimeout: 60s, backfillPause: 200ms}
  tables:
    - name: items
      primaryKey: {columns: [id]}
      columns:
        - {name: id, type: bigint, nullable: false}
        - {name: name, type: text, nullable: false}
        - {name: region, type: text, nullable: false, default: "'eu'"}
        - {name: label, type: text, nullable: false, backfill: "'item ' || id"}
      indexes:
        - {name: items_name_idx, columns: [{name: name}]}
"""


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SCHEMAWRIGHT_FAILPOINT"}
    env.update({"COLUMNS": "200", **(extra or {})})
    return env


def start_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """``python -m schemawright ARGS`` as its own process, running in the background."""
    return subprocess.Popen(
        [sys.executable, "-m", "schemawright", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=cli_env(env),
    )


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m schemawright ARGS`` to completion."""
    return subprocess.run(
        [sys.executable, "-m", "schemawright", *args],
        capture_output=True,
        text=True,
        env=cli_env(env),
        timeout=300,
        check=False,
    )


def scalar(url: str, query: str, params: tuple[object, ...] = ()) -> object:
    """The first column of the first row of ``query``."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(query.encode(), params).fetchone()
        return row[0] if row else None


def wait_until(what: str, check: Callable[[], object], timeout: float = 60, every: float = 0.02) -> object:
    """Poll ``check`` until it returns something truthy; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def rows_fingerprint(url: str) -> tuple[object, object]:
    """Row count and a hash over every row's key and name: unchanged by a correct apply."""
    return (scalar(url, "SELECT count(*) FROM items"), scalar(url, "SELECT sum(hashtext(id::text || name)) FROM items"))
