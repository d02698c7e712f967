"""SW106: partition late — a partitioned table without the rows to justify it."""

from __future__ import annotations

from collections.abc import Iterator

from schemawright.lint.context import LintContext, table_object
from schemawright.lint.model import Finding, Rule, Severity

PARTITION_THRESHOLD_ROWS = 50_000_000


class PartitionedTooEarly(Rule):
    """Early partitioning adds complexity with no benefit."""

    id = "SW106"
    name = "partitioned-too-early"
    severity = Severity.WARNING
    summary = "A table is partitioned but holds fewer than 50 million rows (or no live statistics say otherwise)."
    rationale = """\
Partition late: partition a table only once it has more than about 50 million rows or explicit I/O
pressure. Before that, partitioning adds complexity with zero benefit: every unique key must include the
partition key, foreign keys and indexes multiply per partition, partitions have to be created ahead of
time, and queries that do not filter on the partition key visit every partition.

With `--database`, the rule reads the live table's row estimate (the sum over its partitions; a table
that does not exist yet has none). Without it there is no evidence at all, and the finding says so. If
the volume is certain (a known ingest rate, a retention scheme that drops whole partitions), record that
in a decision."""
    bad = """\
- name: events
  partitionBy: {strategy: range, columns: [created_at]}
  partitions:
    - {name: events_2026, bound: "FROM ('2026-01-01') TO ('2027-01-01')"}
"""
    good = """\
# no partitionBy until the table is large (> 50M rows) or I/O demands it;
# or a decision (rules: [SW106]) recording the evidence, e.g. 40M rows a month dropped after 90 days
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """Partitioned tables below the threshold (or without live statistics)."""
        for table in ctx.tables:
            if table.kind != "p":
                continue
            obj = table_object(table.schema, table.name)
            if ctx.live is None:
                evidence = "no live statistics (lint runs without --database)"
            else:
                live = ctx.live_table(table)
                rows = live.rows if live is not None else 0
                if rows >= PARTITION_THRESHOLD_ROWS:
                    continue
                evidence = f"~{rows:,} live rows" if live is not None else "a new table (no rows yet)"
            yield self.finding(
                obj,
                f"{obj} is partitioned with {evidence}; partition late (> {PARTITION_THRESHOLD_ROWS:,} rows or "
                "explicit I/O pressure): until then partitioning only adds complexity",
                "remove partitionBy and partitions from the table (a plain table with the right indexes), or record "
                f"the evidence in a decision: rules: [SW106], objects: [{obj}]",
                path=ctx.table_path(table.schema, table.name),
            )
