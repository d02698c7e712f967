"""Partitions migra cannot diff: corrections applied around its comparison (docs/rewrites.md, "Partitions").

- A table that becomes a partition (a regular table attached, or a partition moved to another parent):
  migra's attach statement reads an attribute schemainspect never sets (``partition_spec``) and crashes the
  whole comparison. Before migra compares, the live side of such a table is given its desired parent and bound,
  so migra sees no partition change there; the planner attaches it from both catalogs (plan/partitions.py),
  which also sees changed bounds (migra compares bounds but emits nothing for them).
- A partition that is itself partitioned: schemainspect keeps one ``partition_def`` for both its bound and its
  partition key, and migra prints ``create table … () partition by FOR VALUES …``, which does not parse. The
  statement is printed again from the desired database: ``CREATE TABLE … PARTITION OF parent <bound>
  PARTITION BY <key>``.
"""

from __future__ import annotations

import re
from contextlib import ExitStack
from typing import Any

import psycopg

from schemawright.connect.db import connect

Conn = psycopg.Connection[tuple[Any, ...]]

_BROKEN_CREATE = re.compile(
    r'^create (?:unlogged )?table (?P<name>"(?:[^"]|"")+"\."(?:[^"]|"")+")\s*\(.*?\)\s*'
    r"partition by (?P<bound>FOR VALUES .*|DEFAULT)$",
    re.I | re.S,
)


def align_partition_parents(live: Any, desired: Any) -> None:
    """Give each live table that is a partition in the desired database (of a parent it does not have live)
    the desired parent and bound, so that migra emits nothing for the move (the planner attaches it)."""
    for name, wanted in desired.tables.items():
        before = live.tables.get(name)
        if before is None or not wanted.partition_def or not wanted.parent_table:
            continue
        if wanted.relationtype != "r" and not (wanted.relationtype == "p" and before.relationtype == "p"):
            continue  # a table that changes kind is replaced (plan/partitions.py), not attached
        if (before.parent_table, before.partition_def) != (wanted.parent_table, wanted.partition_def):
            before.parent_table, before.partition_def = wanted.parent_table, wanted.partition_def


def print_partitioned_partitions(statements: list[str], desired_url: str, desired: Any) -> list[str]:
    """migra's unparsable ``create table … () partition by FOR VALUES …`` for a partition that is partitioned
    itself, printed again: ``create table name partition of parent <bound> partition by <key>`` (the key read
    from the desired database at ``desired_url``, connected to only then; the parent from its inspection
    ``desired``)."""
    fixed = []
    with ExitStack() as stack:
        conn: Conn | None = None
        for statement in statements:
            match = _BROKEN_CREATE.match(statement.strip().rstrip(";"))
            table = desired.tables.get(match["name"]) if match else None
            if match is None or table is None or not table.parent_table:
                fixed.append(statement)
                continue
            conn = conn or stack.enter_context(connect(desired_url))
            row = conn.execute("SELECT pg_get_partkeydef(CAST(%s AS regclass))", (match["name"],)).fetchone()
            fixed.append(
                f"create table {match['name']} partition of {table.parent_table} {match['bound'].strip()} "
                f"partition by {row[0] if row else None};"
            )
    return fixed
