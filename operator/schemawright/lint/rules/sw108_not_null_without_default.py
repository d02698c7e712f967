"""SW108: a NOT NULL column without a default added to a live table that has rows."""

from __future__ import annotations

from collections.abc import Iterator

from schemawright.lint.context import LintContext, column_object
from schemawright.lint.model import Finding, Rule, Severity
from schemawright.plan.names import ident


class NotNullWithoutDefault(Rule):
    """Zero downtime: never add a NOT NULL column without a default to a live table in one step."""

    id = "SW108"
    name = "not-null-without-default"
    severity = Severity.ERROR
    needs = "live"
    summary = "A new NOT NULL column has neither a default nor a `backfill`, and the live table has rows."
    rationale = """\
Zero-downtime rule: never add a NOT NULL column without a default in a single migration on a live table.
`ALTER TABLE … ADD COLUMN … NOT NULL` without a default fails on the first existing row; with a volatile
default it rewrites the table under an `ACCESS EXCLUSIVE` lock that blocks every read and write.

The safe way is expand → backfill → constrain: add the column nullable, fill existing rows in batches,
add `CHECK (c IS NOT NULL) NOT VALID`, validate it, then `SET NOT NULL`. schemawright plans exactly that
when the column says how to fill existing rows (`backfill:`), and a constant `default:` is a catalog-only
change. Without either, the plan cannot be made; this rule says so at lint time. It compares the document
with the live database (`--database`), following `renamedFrom` hints, so it runs only with live
statistics."""
    bad = """\
# live: public.orders has rows
- {name: placed_at, type: timestamptz, nullable: false}
"""
    good = """\
- {name: placed_at, type: timestamptz, nullable: false, backfill: created_at}
# or a constant default: {name: channel, type: text, nullable: false, default: "'web'"}
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """New NOT NULL columns without default or backfill on populated live tables."""
        for table in ctx.tables:
            live = ctx.live_table(table)
            if live is None or not live.populated:
                continue
            for column in table.columns.values():
                if not column.not_null or column.default is not None or column.identity or column.generated:
                    continue
                key = (table.schema, table.name, column.name)
                if ctx.hints.column_renames.get(key, column.name) in live.columns or key in ctx.hints.backfills:
                    continue
                obj = column_object(*key)
                yield self.finding(
                    obj,
                    f"{obj} is a new NOT NULL column without a default on the live table "
                    f"{live.schema}.{live.name} ({live.size_text}): one ADD COLUMN … NOT NULL fails on the existing "
                    "rows (or rewrites the table under ACCESS EXCLUSIVE), so it cannot be planned safely",
                    "say how existing rows get a value, and schemawright adds it nullable, backfills in batches, "
                    f"then validates NOT NULL:\n  - {{name: {column.name}, type: {column.type}, nullable: false, "
                    "backfill: <SQL expression, e.g. created_at>}\nor give it a constant default "
                    f"(catalog-only):\n  ALTER TABLE {ident(table.schema, table.name)} ADD COLUMN "
                    f"{ident(column.name)} {column.type} NOT NULL DEFAULT <constant>;",
                    path=ctx.column_path(table.schema, table.name, column.name),
                )
