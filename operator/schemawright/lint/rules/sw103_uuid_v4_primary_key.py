"""SW103: UUID primary keys should be UUIDv7 (time-ordered), not random v4."""

from __future__ import annotations

from collections.abc import Iterator

from schemawright.inspect.read import called_functions
from schemawright.lint.context import LintContext, column_object
from schemawright.lint.model import Finding, Rule, Severity
from schemawright.plan.names import ident

V4_FUNCTIONS = frozenset({"gen_random_uuid", "uuid_generate_v4", "uuidv4"})


class UuidV4PrimaryKey(Rule):
    """UUID v7 over v4: random keys scatter inserts over the whole primary-key index."""

    id = "SW103"
    name = "uuid-v4-primary-key"
    severity = Severity.WARNING
    summary = "A UUID primary key defaults to a random (v4) UUID instead of `uuidv7()`."
    rationale = """\
UUID v7 over v4: a v7 UUID starts with a timestamp, so new keys are k-sortable and land at the right edge
of the primary-key b-tree, like a sequence. Random v4 keys (`gen_random_uuid()`, `uuid_generate_v4()`,
`uuidv4()`) land anywhere: every insert touches a random leaf page, the index fragments and outgrows the
cache, and WAL volume grows with full-page writes. Uniqueness guarantees are the same.

PostgreSQL 18 has `uuidv7()` built in. Changing the default is a catalog-only change; existing keys stay
as they are."""
    bad = """\
- {name: id, type: uuid, nullable: false, default: gen_random_uuid()}
"""
    good = """\
- {name: id, type: uuid, nullable: false, default: uuidv7()}
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """Primary-key uuid columns whose default calls a v4 generator."""
        for table in ctx.tables:
            for name in table.primary_key:
                column = table.columns.get(name)
                if column is None or column.type != "uuid" or not column.default:
                    continue
                calls = called_functions(column.default) & V4_FUNCTIONS
                if not calls:
                    continue
                yield self.finding(
                    column_object(table.schema, table.name, name),
                    f"primary key {table.schema}.{table.name}.{name} defaults to {column.default} (random UUID v4): "
                    "inserts scatter over the whole index, which fragments; uuidv7() is time-ordered",
                    f"in the document: default: uuidv7()\n  ALTER TABLE {ident(table.schema, table.name)} ALTER "
                    f"COLUMN {ident(name)} SET DEFAULT uuidv7();  -- catalog only; existing keys stay",
                    path=ctx.column_path(table.schema, table.name, name),
                )
