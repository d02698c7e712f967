"""SW102: every foreign key's columns lead some (full) index."""

from __future__ import annotations

from collections.abc import Iterator

from schemawright.lint.context import LintContext, column_object
from schemawright.lint.model import Finding, Rule, Severity
from schemawright.plan.names import bounded, ident


class ForeignKeyNotIndexed(Rule):
    """A foreign key without an index makes every delete of a referenced row scan the referencing table."""

    id = "SW102"
    name = "foreign-key-not-indexed"
    severity = Severity.WARNING
    summary = "A foreign key's columns are not the leading columns of any full index on its table."
    rationale = """\
Deleting a referenced row (or changing its key) makes PostgreSQL look for referencing rows: with no index
leading with the foreign-key columns that is a sequential scan of the referencing table, for every row
deleted, while locks are held; `ON DELETE CASCADE` and joins from parent to children pay the same price.

The index must lead with the foreign key's columns (in any order among themselves) and must be **full**:
a partial index (`WHERE deleted_at IS NULL`) cannot serve the check, whose query has no such condition.
A unique constraint or primary key that leads with the columns counts."""
    bad = """\
- name: order_items
  columns:
    - {name: id, type: uuid, nullable: false, default: uuidv7()}
    - {name: order_id, type: uuid, nullable: false}
  primaryKey: {columns: [id]}
  foreignKeys:
    - {name: order_items_order_id_fkey, columns: [order_id], references: {table: orders}}
"""
    good = """\
  ...
  foreignKeys:
    - {name: order_items_order_id_fkey, columns: [order_id], references: {table: orders}}
  indexes:
    - {name: order_items_order_id_idx, columns: [{name: order_id}]}
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """Foreign keys no full index leads with."""
        for table in ctx.tables:
            indexes = ctx.indexes(table.schema, table.name)
            for fk in ctx.foreign_keys(table.schema, table.name):
                if any(i.predicate is None and i.leads_with(fk.columns) for i in indexes):
                    continue
                partial = [i.name for i in indexes if i.leads_with(fk.columns)]
                cols = ", ".join(fk.columns)
                ref = f"{fk.ref_table[0]}.{fk.ref_table[1]}" if fk.ref_table else "its parent"
                message = (
                    f"foreign key {fk.name} ({cols}) → {ref}: no full index on {table.schema}.{table.name} "
                    f"leads with ({cols}), so deleting or re-keying a row of {ref} scans the whole table"
                )
                if partial:
                    verbs = ("lead", "are") if len(partial) > 1 else ("leads", "is")
                    message += (
                        f" ({', '.join(partial)} {verbs[0]} with it but {verbs[1]} partial, which the check cannot use)"
                    )
                name = bounded(f"{table.name}_{'_'.join(fk.columns)}_idx")
                keys = ", ".join(f"{{name: {c}}}" for c in fk.columns)
                fix = (
                    "add an index to the table in the document:\n  indexes:\n"
                    f"    - {{name: {name}, columns: [{keys}]}}\nschemawright builds it online:\n"
                    f"  CREATE INDEX CONCURRENTLY {ident(name)} ON "
                    f"{ident(table.schema, table.name)} ({', '.join(ident(c) for c in fk.columns)});"
                )
                path = (
                    ctx.column_path(table.schema, table.name, fk.columns[0])
                    if len(fk.columns) == 1
                    else ctx.table_path(table.schema, table.name)
                )
                yield self.finding(column_object(table.schema, table.name, fk.columns), message, fix, path=path)
