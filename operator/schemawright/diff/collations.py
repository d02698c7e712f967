"""Columns' collations in migra's reading: schema-qualified, and kept by ``create table``.

schemainspect reads a column's collation as its bare name (``pg_collation.collname``) and migra prints it so
(``add column … collate "c"``, ``set data type … collate "c"``). Run on the live database, a bare name only finds
a collation on the search_path: one created in another schema (musicbrainz's ``musicbrainz.musicbrainz``) fails
the step with "collation … does not exist", and one of the same name in ``public`` would be taken instead. And
migra's ``create table`` leaves every column's collation out: a table created with a collated column got the
type's default collation, silently. So the reading is mended once taken: every column whose collation is not a
built-in one gets the quoted, qualified name, which migra then compares (two same-named collations in two
schemas are two collations); and a column's collation is printed wherever migra prints the column.
"""

from __future__ import annotations

import functools
from typing import Any

COLUMN_COLLATIONS = """
SELECT n.nspname, c.relname, a.attname, cn.nspname, co.collname
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attcollation <> t.typcollation AND cn.nspname <> 'pg_catalog'
"""


class QualifiedCollation(str):
    """A collation's qualified name, quoted (``"schema"."name"``): printed as it is."""


def qualify(inspector: Any, rows: list[tuple[str, str, str, str, str]]) -> None:
    """Give the columns of ``inspector`` (schemainspect's reading of the whole database) the qualified
    collations of ``rows`` (:data:`COLUMN_COLLATIONS`, read in the same database)."""
    from schemainspect.misc import quoted_identifier

    _print_collations()
    for schema, relation, column, collation_schema, collation in rows:
        selectable = inspector.selectables.get(quoted_identifier(relation, schema))
        found = selectable.columns.get(column) if selectable is not None else None
        if found is not None and found.collation:
            found.collation = QualifiedCollation(quoted_identifier(collation, collation_schema))


@functools.cache
def _print_collations() -> None:
    """Make migra print a :class:`QualifiedCollation` as it is (it quotes a collation as one identifier), and a
    column's collation in ``create table`` too (its ``add column`` printed it after the column's constraints)."""
    from schemainspect.inspected import ColumnInfo

    bare_collation = ColumnInfo.collation_subclause.fget
    bare_creation = ColumnInfo.creation_clause.fget

    def collation_subclause(column: Any) -> str:
        if isinstance(column.collation, QualifiedCollation):
            return f" collate {column.collation}"
        return str(bare_collation(column))

    def creation_clause(column: Any) -> str:
        clause = str(bare_creation(column))
        named = f"{column.quoted_name} {column.dbtypestr}"
        return f"{named}{column.collation_subclause}{clause[len(named) :]}"

    def add_column_clause(column: Any) -> str:
        return f"add column {column.creation_clause}"

    ColumnInfo.collation_subclause = property(collation_subclause)
    ColumnInfo.creation_clause = property(creation_clause)
    ColumnInfo.add_column_clause = property(add_column_clause)
