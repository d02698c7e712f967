"""SW122: an access pattern that PostgreSQL cannot plan against the desired schema."""

from __future__ import annotations

from collections.abc import Iterator

from schemawright.lint.context import LintContext
from schemawright.lint.model import Finding, Rule, Severity


class AccessPatternInvalid(Rule):
    """A declared query that does not fit the schema will fail in the application too."""

    id = "SW122"
    name = "access-pattern-invalid"
    severity = Severity.ERROR
    needs = "patterns"
    summary = "An access pattern's query cannot be planned against the desired schema."
    rationale = """\
The queries in `spec.accessPatterns` are the application's queries. If PostgreSQL cannot even plan one
against the desired schema (a column that does not exist or was renamed, a type mismatch, a parameter
whose type cannot be inferred), the application will fail the same way once the schema is applied; and
the linter cannot tell which indexes serve it. The finding carries PostgreSQL's message.

A parameter used where its type cannot be inferred needs a cast: `$1::text`."""
    bad = """\
accessPatterns:
  - {name: login, query: "SELECT id FROM users WHERE mail = $1"}   # the column is email
"""
    good = """\
accessPatterns:
  - {name: login, query: "SELECT id FROM users WHERE email = $1"}
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """Patterns whose EXPLAIN failed."""
        for result in ctx.patterns:
            if result.error is None:
                continue
            pattern = result.pattern
            yield self.finding(
                f"pattern:{pattern.name}",
                f'access pattern "{pattern.name}" cannot be planned against the desired schema: {result.error}. '
                f"Query: {' '.join(pattern.query.split())}",
                f"fix the query in {pattern.path}.query (or the schema it expects); cast parameters whose type "
                "PostgreSQL cannot infer ($1::text)",
                path=pattern.path,
            )
