"""SW111: ``timestamp`` without time zone."""

from __future__ import annotations

import re

from schemawright.inspect.catalog import Column, Table
from schemawright.lint.model import Severity
from schemawright.lint.rules._columns import ColumnRule
from schemawright.plan.names import ident

TIMESTAMP = re.compile(r"^timestamp(\(\d+\))? without time zone(\[\])*$")


class TimestampWithoutTimeZone(ColumnRule):
    """A timestamp without time zone is a wall-clock reading whose zone nobody recorded."""

    id = "SW111"
    name = "timestamp-without-time-zone"
    severity = Severity.WARNING
    summary = "A column is `timestamp` (without time zone) instead of `timestamptz`."
    rationale = """\
`timestamp without time zone` stores a wall-clock reading with no zone: `2026-03-29 02:30` may not exist in
one zone and mean two instants in another, and every client has to agree out of band which zone was
meant. `timestamptz` stores an instant (UTC inside) and converts to the session's `TimeZone` on output;
it takes the same 8 bytes. Use `timestamp` only for genuinely zone-less values (a recurring local time of
day in a calendar), and record that in a decision.

Converting an existing column rewrites the table, except when the session `TimeZone` is `UTC`
(PostgreSQL 12+), where `ALTER COLUMN … TYPE timestamptz` is catalog-only."""
    bad = """\
- {name: created_at, type: timestamp, nullable: false, default: now()}
"""
    good = """\
- {name: created_at, type: timestamptz, nullable: false, default: now()}
"""

    def judge(self, table: Table, column: Column) -> tuple[str, str] | None:
        """A finding for ``timestamp [without time zone]`` columns."""
        if not TIMESTAMP.match(column.type):
            return None
        return (
            f"{table.schema}.{table.name}.{column.name} is {column.type}: a wall-clock reading without its zone",
            f"type: timestamptz in the document;\n  ALTER TABLE {ident(table.schema, table.name)} ALTER COLUMN "
            f"{ident(column.name)} TYPE timestamptz USING {ident(column.name)} AT TIME ZONE 'UTC';  -- the zone "
            "the stored values were in; no rewrite when the session TimeZone is UTC",
        )
