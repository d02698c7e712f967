"""What every lint rule sees: the inspected desired schema, the document, live statistics, access patterns.

Object names (docs/lint/README.md): a table, view, materialized view or index is ``schema.name`` (they share
PostgreSQL's relation namespace, so the name is unique); a column is ``schema.table.column``; the columns of
a composite key are joined with commas (``public.order_items.tenant_id,order_id``); an access pattern is
``pattern:<name>``; a decision is ``decision:<id>``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from schemawright.inspect.catalog import Catalog, Column, QualifiedName, Table
from schemawright.lint.plans import PatternResult
from schemawright.lint.query import ColumnUse, QueryShape, Relation
from schemawright.lint.shapes import ForeignKeyShape, IndexShape, foreign_key_shape, index_shape
from schemawright.plan import Hints
from schemawright.spec import DesiredSchema


def table_object(schema: str, name: str) -> str:
    """The object name of a table, view, materialized view or index: ``schema.name``."""
    return f"{schema}.{name}"


def column_object(schema: str, table: str, columns: str | Iterable[str]) -> str:
    """The object name of a column (``schema.table.column``) or of a column list (``schema.table.a,b``)."""
    names = columns if isinstance(columns, str) else ",".join(columns)
    return f"{schema}.{table}.{names}"


@dataclass(frozen=True)
class LintContext:
    """The inputs of one lint run. ``catalog`` is the desired schema as PostgreSQL built it (shadow database);
    ``live`` is the live database's catalog when ``--database`` was given; ``patterns`` are the access
    patterns as EXPLAIN saw them in the shadow database."""

    desired: DesiredSchema
    catalog: Catalog
    hints: Hints
    live: Catalog | None = None
    patterns: tuple[PatternResult, ...] = ()
    rule_ids: frozenset[str] = field(default_factory=frozenset)

    # ------------------------------------------------------------------ tables and columns

    @cached_property
    def tables(self) -> tuple[Table, ...]:
        """The managed tables, partitions left out (they follow their parent), sorted by name."""
        return tuple(t for _k, t in sorted(self.catalog.tables.items()) if t.partition_of is None)

    def table_path(self, schema: str, name: str) -> str | None:
        """Where the table is in the document (``spec.tables[2]``), or None (created by spec.sql)."""
        table = self.desired.table(schema, name)
        return table.path if table else None

    def column_path(self, schema: str, table: str, column: str) -> str | None:
        """Where the column is in the document (``spec.tables[2].columns[1]``), or None."""
        spec_table = self.desired.table(schema, table)
        spec_column = spec_table.column(column) if spec_table else None
        return spec_column.path if spec_column else self.table_path(schema, table)

    def live_table(self, table: Table) -> Table | None:
        """The live table the desired ``table`` is (following a pending ``renamedFrom``), or None."""
        if self.live is None:
            return None
        key = self.hints.table_renames.get((table.schema, table.name), (table.schema, table.name))
        return self.live.table(*key)

    # ------------------------------------------------------------------ indexes and keys

    @cached_property
    def _indexes(self) -> dict[QualifiedName, list[IndexShape]]:
        by_table: dict[QualifiedName, list[IndexShape]] = defaultdict(list)
        for _key, index in sorted(self.catalog.indexes.items()):
            shape = index_shape(index)
            if shape is not None:
                by_table[(shape.schema, shape.table)].append(shape)
        return by_table

    def indexes(self, schema: str, table: str) -> list[IndexShape]:
        """The valid indexes of a table (or materialized view), sorted by name."""
        return [i for i in self._indexes.get((schema, table), []) if i.valid]

    def all_indexes(self) -> list[IndexShape]:
        """Every valid index in the managed schemas."""
        return [i for shapes in self._indexes.values() for i in shapes if i.valid]

    @cached_property
    def _foreign_keys(self) -> dict[QualifiedName, list[ForeignKeyShape]]:
        by_table: dict[QualifiedName, list[ForeignKeyShape]] = defaultdict(list)
        for _key, constraint in sorted(self.catalog.constraints.items()):
            shape = foreign_key_shape(constraint)
            if shape is not None:
                by_table[(shape.schema, shape.table)].append(shape)
        return by_table

    def foreign_keys(self, schema: str, table: str) -> list[ForeignKeyShape]:
        """The foreign keys declared on a table (not those a partition inherits)."""
        return [f for f in self._foreign_keys.get((schema, table), []) if not f.inherited]

    def serves_foreign_key(self, index: IndexShape) -> bool:
        """True when ``index`` is what foreign-key checks on its table use: a full (non-partial) index whose
        leading keys are the columns of one of the table's foreign keys."""
        return index.predicate is None and any(
            index.leads_with(fk.columns) for fk in self.foreign_keys(index.schema, index.table)
        )

    # ------------------------------------------------------------------ queries

    def resolve(self, relation: Relation) -> Table | None:
        """The catalog table a relation in a query names (unqualified: the first managed schema having it)."""
        schemas = [relation.schema] if relation.schema else list(self.desired.schemas)
        for schema in schemas:
            table = self.catalog.table(schema, relation.name)
            if table is not None:
                return table
        return None

    def resolve_use(self, shape: QueryShape, use: ColumnUse) -> tuple[Table, Column] | None:
        """The table and column a column use in a query refers to, or None when it cannot be told."""
        candidates = [r for r in shape.relations if use.qualifier is None or use.qualifier == r.ref]
        found: list[tuple[Table, Column]] = []
        for relation in candidates:
            table = self.resolve(relation)
            column = table.columns.get(use.column) if table else None
            if table is not None and column is not None and (table, column) not in found:
                found.append((table, column))
        return found[0] if len(found) == 1 else None
