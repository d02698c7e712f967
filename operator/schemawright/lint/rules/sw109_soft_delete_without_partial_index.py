"""SW109: a soft-delete column (``deleted_at``) without a partial index on the live rows."""

from __future__ import annotations

from collections.abc import Iterator

from schemawright.lint.context import LintContext, column_object
from schemawright.lint.model import Finding, Rule, Severity
from schemawright.plan.names import bounded, ident

SOFT_DELETE_COLUMN = "deleted_at"


class SoftDeleteWithoutPartialIndex(Rule):
    """Soft delete: the live rows need an index of their own."""

    id = "SW109"
    name = "soft-delete-without-partial-index"
    severity = Severity.WARNING
    summary = "A table with a `deleted_at` column has no partial index `WHERE deleted_at IS NULL`."
    rationale = """\
Soft delete (never `DELETE` production data) means nearly every query asks for `deleted_at IS NULL`.
Without a partial index on the live rows, those queries use indexes that also hold every deleted row (or
scan the table), and they get slower as deleted rows pile up. The guidelines' pattern:

```sql
ALTER TABLE users ADD COLUMN deleted_at timestamptz;
CREATE INDEX idx_users_active ON users (id) WHERE deleted_at IS NULL;
```

Any index whose predicate requires `deleted_at IS NULL` (alone or in an `AND`) satisfies the rule; make it
the index your most frequent query needs (a partial unique index keeps live values unique while letting
deleted rows keep theirs). A tiny table can do without: record that in a decision."""
    bad = """\
- name: users
  columns:
    - {name: id, type: uuid, nullable: false, default: uuidv7()}
    - {name: deleted_at, type: timestamptz}
"""
    good = """\
  indexes:
    - {name: users_active_idx, columns: [{name: id}], where: deleted_at IS NULL}
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """Tables with ``deleted_at`` and no index whose predicate requires it to be NULL."""
        for table in ctx.tables:
            if SOFT_DELETE_COLUMN not in table.columns:
                continue
            if any(SOFT_DELETE_COLUMN in i.null_columns for i in ctx.indexes(table.schema, table.name)):
                continue
            keys = list(table.primary_key) or [next(iter(table.columns))]
            name = bounded(f"{table.name}_active_idx")
            obj = column_object(table.schema, table.name, SOFT_DELETE_COLUMN)
            yield self.finding(
                obj,
                f"{table.schema}.{table.name} is soft-deleted ({SOFT_DELETE_COLUMN}) but has no partial index "
                f"WHERE {SOFT_DELETE_COLUMN} IS NULL: queries for live rows wade through the deleted ones",
                f"  indexes:\n    - {{name: {name}, columns: [{', '.join(f'{{name: {k}}}' for k in keys)}], "
                f"where: {SOFT_DELETE_COLUMN} IS NULL}}\n  CREATE INDEX CONCURRENTLY {ident(name)} ON "
                f"{ident(table.schema, table.name)} ({', '.join(ident(k) for k in keys)}) WHERE "
                f"{ident(SOFT_DELETE_COLUMN)} IS NULL;\n(better: the columns your most frequent live-rows query "
                "filters on)",
                path=ctx.column_path(table.schema, table.name, SOFT_DELETE_COLUMN),
            )
