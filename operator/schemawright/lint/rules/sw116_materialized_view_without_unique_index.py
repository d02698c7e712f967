"""SW116: a materialized view without a unique index cannot be refreshed CONCURRENTLY."""

from __future__ import annotations

from collections.abc import Iterator

from schemawright.lint.context import LintContext, table_object
from schemawright.lint.model import Finding, Rule, Severity
from schemawright.plan.names import bounded, ident


class MaterializedViewWithoutUniqueIndex(Rule):
    """Refresh on schedule, concurrently: that needs a unique index."""

    id = "SW116"
    name = "materialized-view-without-unique-index"
    severity = Severity.WARNING
    summary = "A materialized view has no unique index on plain columns, so it cannot be refreshed `CONCURRENTLY`."
    rationale = """\
Materialized views cache query results and are refreshed on a schedule with
`REFRESH MATERIALIZED VIEW CONCURRENTLY`, which lets readers keep reading while it runs. A plain
`REFRESH` takes an `ACCESS EXCLUSIVE` lock: every query of the view waits until the refresh is done.
`CONCURRENTLY` needs at least one unique index on the view that uses only column names and has no
`WHERE` clause."""
    bad = """\
sql: |
  CREATE MATERIALIZED VIEW daily_sales AS
    SELECT tenant_id, created_at::date AS day, sum(total) AS total FROM orders GROUP BY 1, 2;
"""
    good = """\
sql: |
  CREATE MATERIALIZED VIEW daily_sales AS
    SELECT tenant_id, created_at::date AS day, sum(total) AS total FROM orders GROUP BY 1, 2;
  CREATE UNIQUE INDEX daily_sales_key ON daily_sales (tenant_id, day);
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """Materialized views without a full unique index on plain columns."""
        for schema, name in ctx.catalog.materialized_views:
            indexes = ctx.indexes(schema, name)
            if any(i.unique and i.predicate is None and i.plain_columns for i in indexes):
                continue
            obj = table_object(schema, name)
            index = bounded(f"{name}_key")
            yield self.finding(
                obj,
                f"materialized view {obj} has no unique index on plain columns: REFRESH MATERIALIZED VIEW "
                "CONCURRENTLY is impossible, and a plain REFRESH locks out every reader while it runs",
                f"in spec.sql, after the view:\n  CREATE UNIQUE INDEX {ident(index)} ON {ident(schema, name)} "
                "(<the columns that identify a row>);",
            )
