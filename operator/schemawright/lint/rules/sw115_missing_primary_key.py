"""SW115: a table without a primary key (a warning when a unique index over NOT NULL columns can become one)."""

from __future__ import annotations

from collections.abc import Iterator

from psycopg import sql

from schemawright.inspect.catalog import Table
from schemawright.lint.context import LintContext, table_object
from schemawright.lint.model import Finding, Rule, Severity
from schemawright.lint.shapes import IndexShape


class MissingPrimaryKey(Rule):
    """Every table needs a primary key."""

    id = "SW115"
    name = "missing-primary-key"
    severity = Severity.ERROR
    summary = "A table has no primary key."
    rationale = """\
Without a primary key a row cannot be addressed reliably: duplicates creep in, foreign keys cannot
reference the table, logical replication cannot replicate its updates and deletes (no replica identity),
and schemawright's own backfills walk tables in primary-key order. Give every table one; for new tables
the guidelines' default is `id uuid DEFAULT uuidv7()`.

A table that already has a **unique index over NOT NULL columns** (no expression, no `WHERE`) is addressable
today: that index is a key in all but name. The finding is then a *warning*, and the fix is to promote the
index — `ALTER TABLE … ADD PRIMARY KEY USING INDEX …` takes a brief `ACCESS EXCLUSIVE` lock and reads
nothing (the index already guarantees uniqueness; the NOT NULL columns need no check) — rather than adding
a surrogate key, which rewrites nothing useful and leaves the real key unnamed. This is common in adopted
schemas (join tables keyed by a unique pair)."""
    bad = """\
- name: currency                     # adopted: keyed by a unique index, never declared
  columns:
    - {name: code, type: text, nullable: false}
    - {name: name, type: text, nullable: false}
  indexes:
    - {name: currency_code_key, columns: [{name: code}], unique: true}
"""
    good = """\
- name: currency                     # ALTER TABLE currency ADD PRIMARY KEY USING INDEX currency_code_key
  columns:
    - {name: code, type: text, nullable: false}
    - {name: name, type: text, nullable: false}
  primaryKey: {name: currency_code_key, columns: [code]}
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """Tables (partitions left out) without a primary key."""
        for table in ctx.tables:
            if table.primary_key:
                continue
            obj = table_object(table.schema, table.name)
            candidate = _promotable_index(ctx, table)
            if candidate is not None:
                yield self.finding(
                    obj,
                    f"{obj} has no primary key, but its unique index {candidate.name} over NOT NULL columns "
                    f"({_columns(candidate)}) already identifies every row: promote it instead of adding a key",
                    _promotion(table, candidate),
                    severity=Severity.WARNING,
                    path=ctx.table_path(table.schema, table.name),
                )
                continue
            yield self.finding(
                obj,
                f"{obj} has no primary key: its rows cannot be addressed, referenced or replicated reliably",
                "  columns:\n    - {name: id, type: uuid, nullable: false, default: uuidv7()}\n"
                "  primaryKey: {columns: [id]}\n(or the natural key's columns, if it has one)",
                path=ctx.table_path(table.schema, table.name),
            )


def _promotable_index(ctx: LintContext, table: Table) -> IndexShape | None:
    """A unique btree index over plain NOT NULL columns, without a predicate: PostgreSQL can make it the
    primary key as it is (ADD PRIMARY KEY USING INDEX). The one with the fewest columns, then by name."""
    candidates = [
        index
        for index in ctx.indexes(table.schema, table.name)
        if index.unique
        and index.method == "btree"
        and index.predicate is None
        and index.plain_columns
        and not index.include
        and index.parent is None
        and all((c := table.columns.get(k.column or "")) is not None and c.not_null for k in index.keys)
    ]
    return min(candidates, key=lambda i: (len(i.keys), i.name)) if candidates else None


def _columns(index: IndexShape) -> str:
    return ", ".join(k.column or "" for k in index.keys)


def _promotion(table: Table, index: IndexShape) -> str:
    """The online fix: ADD PRIMARY KEY USING INDEX (on a fresh copy when the index cannot be used as it is)."""
    target = sql.Identifier(table.schema, table.name).as_string(None)
    columns = _columns(index)
    as_is = index.constraint is None and all(not k.descending and k.opclass is None for k in index.keys)
    if as_is:
        name = sql.Identifier(index.name).as_string(None)
        return (
            f"ALTER TABLE {target} ADD PRIMARY KEY USING INDEX {name};\n"
            "(online: a brief lock and no scan — the index already guarantees the key; it keeps its name)\n"
            f"in YAML: primaryKey: {{name: {index.name}, columns: [{columns}]}}, and drop the index entry"
        )
    key = sql.Identifier(f"{table.name}_pkey").as_string(None)
    return (
        f"CREATE UNIQUE INDEX CONCURRENTLY {key} ON {target} ({columns});\n"
        f"ALTER TABLE {target} ADD PRIMARY KEY USING INDEX {key};\n"
        f"(online; then drop {index.name}, which the primary key makes redundant)\n"
        f"in YAML: primaryKey: {{columns: [{columns}]}}"
    )
