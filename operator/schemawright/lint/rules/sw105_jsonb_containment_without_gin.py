"""SW105: a jsonb column an access pattern queries by containment needs a GIN index."""

from __future__ import annotations

from collections.abc import Iterator

from schemawright.lint.context import LintContext, column_object
from schemawright.lint.model import Finding, Rule, Severity
from schemawright.lint.query import analyze_query
from schemawright.plan.names import bounded, ident

# Operators GIN can serve on jsonb, and the operator classes that support them.
_PATH_OPS = {"@>", "@?", "@@"}  # jsonb_ops and jsonb_path_ops
_KEY_OPS = {"?", "?|", "?&"}  # jsonb_ops (the default) only


class JsonbContainmentWithoutGin(Rule):
    """JSONB queried by containment (``@>``, ``?``…) with no GIN index to serve it."""

    id = "SW105"
    name = "jsonb-containment-without-gin"
    severity = Severity.WARNING
    needs = "patterns"
    summary = (
        "An access pattern queries a `jsonb` column with `@>`, `@?`, `@@`, `?`, `?|` or `?&` and no GIN "
        "index serves it."
    )
    rationale = """\
A b-tree cannot answer "which documents contain `{"colour": "red"}`": without a GIN index every such
query reads every row. The guidelines' index for flexible attributes is
`CREATE INDEX … USING gin (attributes jsonb_path_ops)`: smaller and faster than the default `jsonb_ops`,
and it serves `@>`, `@?` and `@@`. The key-exists operators `?`, `?|` and `?&` need the default
`jsonb_ops` operator class.

The rule reads the queries in `spec.accessPatterns` (parsed with the PostgreSQL parser); a column that
no pattern queries by containment is not reported."""
    bad = """\
accessPatterns:
  - {name: attribute filter, query: "SELECT id FROM products WHERE attributes @> $1"}
# and products has no GIN index on attributes
"""
    good = """\
indexes:
  - {name: products_attributes_idx, method: gin, columns: [{name: attributes, opclass: jsonb_path_ops}]}
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """Containment uses in access patterns without a GIN index able to serve them."""
        reported: set[tuple[str, str, str, bool]] = set()
        for pattern in ctx.desired.access_patterns:
            shape = analyze_query(pattern.query)
            if shape is None:
                continue
            for use in shape.uses:
                if use.operator not in _PATH_OPS | _KEY_OPS:
                    continue
                resolved = ctx.resolve_use(shape, use)
                if resolved is None or resolved[1].type != "jsonb":
                    continue
                table, column = resolved
                keys = use.operator in _KEY_OPS
                allowed = {"", "jsonb_ops"} if keys else {"", "jsonb_ops", "jsonb_path_ops"}
                indexes = ctx.indexes(table.schema, table.name)
                if any(i.method == "gin" and i.key_opclass(column.name) in allowed for i in indexes):
                    continue
                key = (table.schema, table.name, column.name, keys)
                if key in reported:
                    continue
                reported.add(key)
                opclass = "" if keys else " jsonb_path_ops"
                name = bounded(f"{table.name}_{column.name}_idx")
                yaml_opclass = "" if keys else ", opclass: jsonb_path_ops"
                yield self.finding(
                    column_object(table.schema, table.name, column.name),
                    f'access pattern "{pattern.name}" queries {table.schema}.{table.name}.{column.name} with '
                    f"{use.operator}, and no GIN index{'' if keys else ' (jsonb_path_ops or jsonb_ops)'} on it "
                    f"serves that{' (key-exists operators need the default jsonb_ops)' if keys else ''}: "
                    "every such query reads every row",
                    f"  indexes:\n    - {{name: {name}, method: gin, columns: [{{name: {column.name}{yaml_opclass}}}]}}"
                    f"\n  CREATE INDEX CONCURRENTLY {ident(name)} ON {ident(table.schema, table.name)} USING gin "
                    f"({ident(column.name)}{opclass});",
                    path=ctx.column_path(table.schema, table.name, column.name),
                )
