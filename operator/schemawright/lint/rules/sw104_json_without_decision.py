"""SW104: a json/jsonb column needs a recorded decision."""

from __future__ import annotations

import re
from collections.abc import Iterator

from schemawright.lint.context import LintContext, column_object
from schemawright.lint.model import Finding, Rule, Severity

JSON_TYPE = re.compile(r"^jsonb?(\[\])*$")


class JsonWithoutDecision(Rule):
    """JSONB for genuinely variable attributes, not as a schema escape hatch."""

    id = "SW104"
    name = "json-without-decision"
    severity = Severity.WARNING
    summary = "A `json`/`jsonb` column has no decision in `spec.decisions` saying why."
    rationale = """\
JSONB is for flexible attributes, not a schema escape hatch: use it when fields are genuinely variable
(they differ per category or per tenant and appear all the time), not to avoid designing columns. Inside
a JSON document the database checks no type, no `NOT NULL`, no foreign key, and the planner has no
statistics per key.

So every `json`/`jsonb` column needs a recorded decision: an entry in `spec.decisions` naming `SW104` and
the column, whose context says why the attributes are variable and whose decision says what stays in
typed columns (and when an attribute gets promoted to one). Prefer `jsonb` over `json` (`json` keeps the
text as written and cannot be indexed with GIN)."""
    bad = """\
- {name: attributes, type: jsonb, nullable: false, default: "'{}'::jsonb"}
"""
    good = """\
# the column as above, plus:
decisions:
  - id: ADR-0001
    title: JSONB for product attributes
    context: Attributes differ per product category and new ones appear weekly; never joined.
    decision: Keep them in products.attributes jsonb with a GIN jsonb_path_ops index.
    rules: [SW104]
    objects: [public.products.attributes]
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """Every json/jsonb column (a decision acknowledges it)."""
        for table in ctx.tables:
            for column in table.columns.values():
                if not JSON_TYPE.match(column.type):
                    continue
                obj = column_object(table.schema, table.name, column.name)
                extra = (
                    "; prefer jsonb (json keeps the text as written and has no GIN operator class)"
                    if column.type.startswith("json") and not column.type.startswith("jsonb")
                    else ""
                )
                yield self.finding(
                    obj,
                    f"{obj} is {column.type}: JSON is for genuinely variable attributes, and no decision in "
                    f"spec.decisions says why this one is{extra}",
                    "record the decision (or move the fields into typed columns):\n  decisions:\n"
                    f"    - id: ADR-NNNN\n      title: Why {obj} is {column.type}\n      context: <why the "
                    "attributes are genuinely variable>\n      decision: <what stays in columns; when a field "
                    f"is promoted>\n      rules: [SW104]\n      objects: [{obj}]",
                    path=ctx.column_path(table.schema, table.name, column.name),
                )
