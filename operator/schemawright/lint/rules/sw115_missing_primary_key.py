"""SW115: a table without a primary key."""

from __future__ import annotations

from collections.abc import Iterator

from schemawright.lint.context import LintContext, table_object
from schemawright.lint.model import Finding, Rule, Severity


class MissingPrimaryKey(Rule):
    """Every table needs a primary key."""

    id = "SW115"
    name = "missing-primary-key"
    severity = Severity.ERROR
    summary = "A table has no primary key."
    rationale = """\
Without a primary key a row cannot be addressed reliably: duplicates creep in, foreign keys cannot
reference the table, logical replication cannot replicate its updates and deletes (no replica identity),
and schemawright's own backfills walk tables in primary-key order. Give every table one; for new tables
the guidelines' default is `id uuid DEFAULT uuidv7()`."""
    bad = """\
- name: audit_log
  columns:
    - {name: happened_at, type: timestamptz, nullable: false}
    - {name: message, type: text}
"""
    good = """\
- name: audit_log
  columns:
    - {name: id, type: uuid, nullable: false, default: uuidv7()}
    - {name: happened_at, type: timestamptz, nullable: false}
    - {name: message, type: text}
  primaryKey: {columns: [id]}
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """Tables (partitions left out) without a primary key."""
        for table in ctx.tables:
            if table.primary_key:
                continue
            obj = table_object(table.schema, table.name)
            yield self.finding(
                obj, f"{obj} has no primary key: its rows cannot be addressed, referenced or replicated reliably",
                "  columns:\n    - {name: id, type: uuid, nullable: false, default: uuidv7()}\n"
                "  primaryKey: {columns: [id]}\n(or the natural key's columns, if it has one)",
                path=ctx.table_path(table.schema, table.name))
