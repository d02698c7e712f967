"""SW101: a column that names another table's key (``<table>_id``, same type) without a foreign key."""

from __future__ import annotations

from collections.abc import Iterator

from schemawright.inspect.catalog import Column, Table
from schemawright.lint.context import LintContext, column_object
from schemawright.lint.model import Finding, Rule, Severity
from schemawright.plan.names import bounded, ident


def _candidates(stem: str) -> list[str]:
    """Table names a ``<stem>_id`` column may refer to: the stem, and its English plurals."""
    names = [stem, f"{stem}s", f"{stem}es"]
    if stem.endswith("y"):
        names.append(f"{stem[:-1]}ies")
    return names


class ForeignKeyMissing(Rule):
    """Foreign keys always: a reference the database does not enforce will be broken one day."""

    id = "SW101"
    name = "foreign-key-missing"
    severity = Severity.ERROR
    summary = "A `<table>_id` column has the type of that table's primary key but no foreign key."
    rationale = """\
Foreign keys always: letting the application enforce referential integrity is data corruption waiting to
happen (a delete that forgets a child table, a race between two writers, a bulk import, a manual fix).
A column called `<name>_id` whose type is the type of the primary key of a table called `<name>`
(or `<name>s`, `<name>es`, `<nam>ies`), in the same schema first, then in the other managed schemas,
is taken to be a reference to that table. Without a `FOREIGN KEY` constraint nothing stops it from
pointing at a row that does not exist.

Add the foreign key (and an index leading with the column, see SW102). On a table with rows schemawright
adds it `NOT VALID` and validates it afterwards, so writes are not blocked. If the column is really not a
reference (an id in another system), record that in a decision, or rename it (`external_user_ref`)."""
    bad = """\
- name: orders
  columns:
    - {name: id, type: uuid, nullable: false, default: uuidv7()}
    - {name: user_id, type: uuid, nullable: false}   # users.id is uuid
  primaryKey: {columns: [id]}
"""
    good = """\
- name: orders
  columns:
    - {name: id, type: uuid, nullable: false, default: uuidv7()}
    - {name: user_id, type: uuid, nullable: false}
  primaryKey: {columns: [id]}
  foreignKeys:
    - {name: orders_user_id_fkey, columns: [user_id], references: {table: users, columns: [id]}}
  indexes:
    - {name: orders_user_id_idx, columns: [{name: user_id}]}
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """``*_id`` columns that match a primary key by name and type and have no foreign key."""
        for table in ctx.tables:
            referencing = {c for fk in ctx.foreign_keys(table.schema, table.name) for c in fk.columns}
            for column in table.columns.values():
                if not column.name.endswith("_id") or column.name in referencing or column.generated:
                    continue
                target = self._referenced(ctx, table, column)
                if target is not None:
                    yield self._finding(ctx, table, column, target)

    def _referenced(self, ctx: LintContext, table: Table, column: Column) -> Table | None:
        stem = column.name[: -len("_id")]
        if not stem:
            return None
        schemas = [table.schema] + [s for s in ctx.desired.schemas if s != table.schema]
        for schema in schemas:
            for name in _candidates(stem):
                target = ctx.catalog.table(schema, name)
                if target is None or target.partition_of is not None or len(target.primary_key) != 1:
                    continue
                if (target.schema, target.name) == (table.schema, table.name) and column.name in table.primary_key:
                    continue
                key = target.columns.get(target.primary_key[0])
                if key is not None and key.type == column.type:
                    return target
        return None

    def _finding(self, ctx: LintContext, table: Table, column: Column, target: Table) -> Finding:
        pk = target.primary_key[0]
        fk_name = bounded(f"{table.name}_{column.name}_fkey")
        schema = "" if target.schema == table.schema else f", schema: {target.schema}"
        fix = (
            "declare it in the document:\n"
            f"  foreignKeys:\n    - {{name: {fk_name}, columns: [{column.name}], references: "
            f"{{table: {target.name}{schema}, columns: [{pk}]}}}}\n"
            "schemawright adds it without blocking writes:\n"
            f"  ALTER TABLE {ident(table.schema, table.name)} ADD CONSTRAINT {ident(fk_name)} FOREIGN KEY "
            f"({ident(column.name)}) REFERENCES {ident(target.schema, target.name)} ({ident(pk)}) NOT VALID;\n"
            f"  ALTER TABLE {ident(table.schema, table.name)} VALIDATE CONSTRAINT {ident(fk_name)};"
        )
        return self.finding(
            column_object(table.schema, table.name, column.name),
            f"{table.schema}.{table.name}.{column.name} ({column.type}) looks like a reference to "
            f"{target.schema}.{target.name} (its name, and the type of {target.name}.{pk}) but no foreign key "
            "enforces it: nothing stops it from pointing at a row that does not exist",
            fix,
            path=ctx.column_path(table.schema, table.name, column.name),
        )
