"""The operator as ``bench/operator_fleet.py`` runs it: ``python -m schemawright.operator`` in a process of its own,
plus a count of every statement psycopg sends from it, by kind, served with the operator's own Prometheus metrics
(``bench_operator_statements_total{kind=…}``) so the benchmark can read both over HTTP.

Run: ``python bench/operator_process.py [operator flags]`` (the same flags as ``schemawright operator``).
"""

from __future__ import annotations

import sys
from typing import Any

import psycopg
from prometheus_client import Counter

from schemawright.operator.main import main

STATEMENTS = Counter("bench_operator_statements", "Statements sent by the operator, by kind.", ["kind"])


def kind_of(query: Any) -> str:
    """``fingerprint`` (the catalog fingerprint), ``search_path`` (its ``SET LOCAL``), ``create_database`` (a
    shadow build) or ``other``."""
    text = query.decode() if isinstance(query, bytes) else str(query)
    if "encode(sha256(" in text:
        return "fingerprint"
    if text.startswith("SET LOCAL search_path"):
        return "search_path"
    if "CREATE DATABASE" in text.upper():
        return "create_database"
    return "other"


def count_statements() -> None:
    """Count every ``Cursor.execute`` of this process (the operator's handler threads included)."""
    original = psycopg.Cursor.execute

    def execute(cursor: psycopg.Cursor[Any], query: Any, *args: Any, **kwargs: Any) -> Any:
        STATEMENTS.labels(kind_of(query)).inc()
        return original(cursor, query, *args, **kwargs)

    psycopg.Cursor.execute = execute  # type: ignore[method-assign]


if __name__ == "__main__":
    count_statements()
    sys.exit(main(sys.argv[1:]))
