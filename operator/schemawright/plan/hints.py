"""What the planner learns from the document beyond the two catalogs: renames, backfills, extensions."""

from __future__ import annotations

from dataclasses import dataclass, field

from schemawright.inspect.catalog import QualifiedName

ColumnKey = tuple[str, str, str]  # (schema, table, column) — names as desired


@dataclass(frozen=True)
class Hints:
    """Planner hints from the desired-state document."""

    table_renames: dict[QualifiedName, QualifiedName] = field(default_factory=dict)  # desired -> live name
    column_renames: dict[ColumnKey, str] = field(default_factory=dict)  # desired column -> live column name
    backfills: dict[ColumnKey, str] = field(default_factory=dict)  # desired column -> SQL expression
    extensions: tuple[str, ...] = ()
    keep_undeclared_extensions: bool = False  # leave extensions the document does not declare installed
    batch_size: int = 1000
    paths: dict[ColumnKey, str] = field(default_factory=dict)  # desired column -> document path
    default_schema: str = "public"
