"""SW107: a very large table, read by time, that is not partitioned."""

from __future__ import annotations

import re
from collections.abc import Iterator

from schemawright.inspect.catalog import Table
from schemawright.lint.context import LintContext, table_object
from schemawright.lint.model import Finding, Rule, Severity
from schemawright.lint.query import analyze_query
from schemawright.lint.rules.sw106_partitioned_too_early import PARTITION_THRESHOLD_ROWS

TIME_TYPE = re.compile(r"^(timestamp(\(\d+\))? with(out)? time zone|date)$")


class LargeTableNotPartitioned(Rule):
    """Past 50 million rows, time-ordered data is a candidate for range partitioning."""

    id = "SW107"
    name = "large-table-not-partitioned"
    severity = Severity.INFO
    needs = "live"
    summary = "A table with more than 50 million live rows and time-ordered access is not partitioned."
    rationale = """\
Partition late, but do partition: past about 50 million rows a table read and retired by time (events,
logs, orders by month) benefits from range partitioning on its time column: queries for a period visit
only its partitions, old data goes with `DETACH`/`DROP PARTITION` instead of a huge `DELETE`, and
vacuum and index maintenance work per partition.

"Time-ordered access" means an index on the table whose first key is a `timestamp`/`timestamptz`/`date`
column, or an access pattern that ranges over or sorts by one. The rule needs live statistics
(`--database`) and is informational: it is a hint to plan for, not a defect."""
    bad = """\
# live: public.events has ~120,000,000 rows
- name: events
  columns: [..., {name: created_at, type: timestamptz, nullable: false}]
  indexes:
    - {name: events_created_idx, columns: [{name: created_at}]}
"""
    good = """\
- name: events
  partitionBy: {strategy: range, columns: [created_at]}
  partitions:
    - {name: events_2026_01, bound: "FROM ('2026-01-01') TO ('2026-02-01')"}
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """Unpartitioned tables over the threshold with time-ordered access."""
        if ctx.live is None:
            return
        for table in ctx.tables:
            live = ctx.live_table(table)
            if table.kind != "r" or live is None or live.rows <= PARTITION_THRESHOLD_ROWS:
                continue
            column = self._time_column(ctx, table)
            if column is None:
                continue
            obj = table_object(table.schema, table.name)
            yield self.finding(
                obj,
                f"{obj} has ~{live.rows:,} live rows and is read by time ({column}) but is not partitioned: "
                f"range partitioning on {column} would let queries and retention work per period",
                f"plan a move to partitionBy: {{strategy: range, columns: [{column}]}} with partitions per "
                "period (a new partitioned table filled in batches, then swapped by rename), or record why not "
                f"in a decision: rules: [SW107], objects: [{obj}]",
                path=ctx.table_path(table.schema, table.name),
            )

    def _time_column(self, ctx: LintContext, table: Table) -> str | None:
        times = {n for n, c in table.columns.items() if TIME_TYPE.match(c.type)}
        for index in ctx.indexes(table.schema, table.name):
            if index.keys and index.keys[0].column in times:
                return index.keys[0].column
        for pattern in ctx.desired.access_patterns:
            shape = analyze_query(pattern.query)
            if shape is None:
                continue
            for use in shape.uses:
                if use.use not in {"range", "sort"}:
                    continue
                resolved = ctx.resolve_use(shape, use)
                if resolved and resolved[0] is table and resolved[1].name in times:
                    return resolved[1].name
        return None
