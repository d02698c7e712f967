"""Helpers for executor tests: run the real CLI in a separate process, look at the database."""

from __future__ import annotations

import os
import subprocess
import sys

import psycopg


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``python -m schemawright ARGS`` in its own process (so it can be killed like a real applier)."""
    full_env = {key: value for key, value in os.environ.items() if key != "SCHEMAWRIGHT_FAILPOINT"}
    full_env.update({"COLUMNS": "200", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "schemawright", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        check=False,
    )


def scalar(url: str, query: str) -> object:
    """The first column of the first row of ``query``."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(query.encode()).fetchone()
        return row[0] if row else None
