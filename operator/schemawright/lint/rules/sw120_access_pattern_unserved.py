"""SW120: an access pattern no index can serve (index the query, not the table)."""

from __future__ import annotations

from collections.abc import Iterator

from schemawright.lint.context import LintContext, table_object
from schemawright.lint.model import Finding, Rule, Severity
from schemawright.lint.plans import Scan, suggest_index
from schemawright.spec.model import AccessPattern


class AccessPatternUnserved(Rule):
    """A declared query still reads a table without an index, even with sequential scans switched off."""

    id = "SW120"
    name = "access-pattern-unserved"
    severity = Severity.WARNING
    needs = "patterns"
    summary = "An access pattern's plan reads a table with no index to narrow it, even with `enable_seqscan = off`."
    rationale = """\
Index on access patterns, not columns: index the query, not the table, and one explain plan is worth more
than any speculation. `spec.accessPatterns` lists the queries the application runs; the linter plans each
one in the shadow database with `EXPLAIN (GENERIC_PLAN)` (parameters `$1`, `$2`… stay parameters) and
`enable_seqscan = off`, so the planner takes any index that can serve the query. If the plan still holds
a `Seq Scan` (or a full index scan that only filters rows), no index can serve that table's part of the
query.

The finding names the pattern and the table, carries the EXPLAIN output, and suggests an index built
from the plan: the columns compared for equality first, then the sort columns, then one range column
(a GIN index for JSON containment, a trigram GIN index for `LIKE '%…%'`), partial when the query asks for
`deleted_at IS NULL`. A pattern of `frequency: low` is reported as info. A table small enough to read
whole every time can be acknowledged by a decision on the table."""
    bad = """\
accessPatterns:
  - {name: my orders, query: "SELECT id FROM orders WHERE user_id = $1 ORDER BY created_at DESC"}
# and no index on orders leads with user_id
"""
    good = """\
indexes:
  - {name: orders_user_created_idx, columns: [{name: user_id}, {name: created_at, order: desc}]}
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """One finding per pattern and table read without an index."""
        for result in ctx.patterns:
            if result.error is not None:
                continue
            seen: set[str] = set()
            for scan in result.unserved:
                if scan.qualified in seen:
                    continue
                seen.add(scan.qualified)
                yield self._finding(ctx, result.pattern, scan, result.explain)

    def _finding(self, ctx: LintContext, pattern: AccessPattern, scan: Scan, explain: str) -> Finding:
        table = ctx.catalog.table(scan.schema, scan.table)
        suggestion = suggest_index(scan, table)
        what = f"Filter: {scan.filter}" if scan.filter else "every row"
        message = (
            f'access pattern "{pattern.name}" ({pattern.frequency} frequency) reads {scan.qualified} without '
            f"an index narrowing it ({scan.node}, {what}), even with sequential scans off: no index can serve "
            f"it. Query: {' '.join(pattern.query.split())}"
        )
        if suggestion is None:
            fix = (
                "the query gives this table nothing to index (no condition, join or order on its columns): "
                "add a WHERE or LIMIT to the query, or acknowledge a small table in a decision "
                f"(rules: [SW120], objects: [{scan.qualified}])"
            )
        else:
            path = ctx.table_path(scan.schema, scan.table)
            where = f"{path}.indexes" if path else f"the indexes of {scan.qualified}"
            fix = f"an index for it, in the document ({where}):\n  {suggestion.yaml}\n  {suggestion.sql}"
            if "gin_trgm_ops" in suggestion.sql:
                fix += "\n(needs the pg_trgm extension in spec.extensions)"
        severity = Severity.INFO if pattern.frequency == "low" else self.severity
        return self.finding(
            table_object(scan.schema, scan.table), message, fix, severity=severity, path=pattern.path, explain=explain
        )
