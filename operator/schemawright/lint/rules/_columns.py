"""A base for rules that judge column types one column at a time."""

from __future__ import annotations

from collections.abc import Iterator

from schemawright.inspect.catalog import Column, Table
from schemawright.lint.context import LintContext, column_object
from schemawright.lint.model import Finding, Rule


class ColumnRule(Rule):
    """Calls :meth:`judge` for every column of every managed table (partitions left out)."""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """Every finding :meth:`judge` returns."""
        for table in ctx.tables:
            for column in table.columns.values():
                found = self.judge(table, column)
                if found is not None:
                    message, fix = found
                    yield self.finding(
                        column_object(table.schema, table.name, column.name),
                        message,
                        fix,
                        path=ctx.column_path(table.schema, table.name, column.name),
                    )

    def judge(self, table: Table, column: Column) -> tuple[str, str] | None:
        """``(message, fix)`` when the column breaks the rule, else None."""
        raise NotImplementedError
