"""SW121: an index that serves none of the declared access patterns."""

from __future__ import annotations

from collections.abc import Iterator

from schemawright.lint.context import LintContext, table_object
from schemawright.lint.model import Finding, Rule, Severity


class IndexUnused(Rule):
    """Write cost with no read benefit."""

    id = "SW121"
    name = "index-unused"
    severity = Severity.WARNING
    needs = "patterns"
    summary = (
        "When access patterns are declared, an index that none of them can use (and no constraint or "
        "foreign key needs)."
    )
    rationale = """\
Every index is paid for on every `INSERT`, on every `UPDATE` that touches its columns (and loses HOT
updates), in vacuum work, memory and backups. An index is worth it when a query reads through it. Once a
document declares its `spec.accessPatterns`, an index that no pattern can use is write cost with no read
benefit: either a query is missing from the list, or the index is speculative.

An index *can serve* a pattern when the planner uses it for that pattern, either at once or after the
indexes it preferred are dropped (the linter drops them in a rolled-back transaction in the shadow
database and plans again), so an index that is merely second best still counts. Not reported: indexes
behind a primary key, unique or exclusion constraint, unique indexes (they enforce something), indexes
that lead with a foreign key's columns (SW102 asks for those), and partitions' indexes (their parent is
judged). Runs only when the document declares access patterns and every pattern could be planned."""
    bad = """\
indexes:
  - {name: orders_status_idx, columns: [{name: status}]}   # no pattern filters or sorts by status
"""
    good = """\
accessPatterns:
  - {name: orders by status, query: "SELECT id FROM orders WHERE status = $1"}
# or drop the index
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """Indexes outside every pattern's servable set."""
        if not ctx.patterns or any(p.error is not None for p in ctx.patterns):
            return
        servable = {key for p in ctx.patterns for key in p.servable}
        for index in ctx.all_indexes():
            if (
                index.unique
                or index.constraint
                or index.parent is not None
                or ctx.serves_foreign_key(index)
                or (index.schema, index.name) in servable
            ):
                continue
            spec_table = ctx.desired.table(index.schema, index.table)
            spec_index = next((i for i in spec_table.indexes if i.name == index.name), None) if spec_table else None
            where = f"{spec_index.path}" if spec_index else "spec.sql"
            obj = table_object(index.schema, index.name)
            yield self.finding(
                obj,
                f"index {obj} on {index.schema}.{index.table} serves none of the {len(ctx.patterns)} access "
                "pattern(s) in spec.accessPatterns: every write pays for it, no declared read uses it",
                f"add the query it exists for to spec.accessPatterns, or remove it ({where}); schemawright then "
                "drops it with DROP INDEX CONCURRENTLY in the contract phase",
                path=spec_index.path if spec_index else None,
            )
