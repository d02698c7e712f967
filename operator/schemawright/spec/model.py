"""The desired state as plain, immutable data: what :func:`schemawright.spec.load` returns.

Every object keeps ``path``, its place in the document (``spec.tables[3].columns[1]``), so later
stages (planner, linter) can name it in their messages. Constraint names are always resolved: the
name given in the document, or the name PostgreSQL would choose (see :mod:`.naming`).

SQL fragments (defaults, expressions, types, bounds) are kept as written; they have been checked
to be exactly one expression (or type, or bound) before the model is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from schemawright.guard import Overrides

IdentityKind = Literal["always", "byDefault"]
FkAction = Literal["noAction", "restrict", "cascade", "setNull", "setDefault"]
IndexMethod = Literal["btree", "hash", "gin", "gist", "brin", "spgist"]
PartitionStrategy = Literal["range", "list", "hash"]
PolicyCommand = Literal["all", "select", "insert", "update", "delete"]
Mode = Literal["Apply", "PlanOnly"]
Frequency = Literal["low", "medium", "high"]


@dataclass(frozen=True)
class Generated:
    """A generated column's expression; virtual (computed on read) unless ``stored``."""

    expression: str
    stored: bool = False


@dataclass(frozen=True)
class Column:
    """One column of a table. ``renamed_from`` and ``backfill`` are planner hints."""

    name: str
    type: str
    path: str
    nullable: bool = True
    default: str | None = None
    identity: IdentityKind | None = None
    generated: Generated | None = None
    comment: str | None = None
    renamed_from: str | None = None
    backfill: str | None = None

    @property
    def not_null(self) -> bool:
        """True when the column is rendered NOT NULL (not nullable, or an identity column)."""
        return not self.nullable or self.identity is not None


@dataclass(frozen=True)
class PrimaryKey:
    """The primary key constraint."""

    name: str
    columns: tuple[str, ...]
    path: str


@dataclass(frozen=True)
class ForeignKey:
    """A foreign key constraint. ``ref_columns`` is empty only when the referenced table is
    defined in ``spec.sql`` and the document names no columns (PostgreSQL then uses its primary key)."""

    name: str
    columns: tuple[str, ...]
    ref_schema: str
    ref_table: str
    ref_columns: tuple[str, ...]
    path: str
    on_delete: FkAction = "noAction"
    on_update: FkAction = "noAction"
    enforced: bool = True


@dataclass(frozen=True)
class Unique:
    """A unique constraint (its index has the same name)."""

    name: str
    columns: tuple[str, ...]
    path: str
    nulls_not_distinct: bool = False


@dataclass(frozen=True)
class Check:
    """A check constraint; ``enforced=False`` renders NOT ENFORCED."""

    name: str
    expression: str
    path: str
    enforced: bool = True


@dataclass(frozen=True)
class IndexElement:
    """One index key: a column (``column``) or an ``expression``, never both."""

    path: str
    column: str | None = None
    expression: str | None = None
    order: Literal["asc", "desc"] | None = None
    nulls: Literal["first", "last"] | None = None
    opclass: str | None = None


@dataclass(frozen=True)
class Index:
    """A (possibly unique, possibly partial) index."""

    name: str
    elements: tuple[IndexElement, ...]
    path: str
    method: IndexMethod = "btree"
    unique: bool = False
    nulls_not_distinct: bool = False
    include: tuple[str, ...] = ()
    where: str | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """The plain columns among the keys (expressions left out)."""
        return tuple(e.column for e in self.elements if e.column is not None)


@dataclass(frozen=True)
class PartitionBy:
    """The partitioning of a partitioned table."""

    strategy: PartitionStrategy
    columns: tuple[str, ...]
    path: str


@dataclass(frozen=True)
class Partition:
    """One partition: ``bound`` as written after FOR VALUES, or ``DEFAULT``."""

    name: str
    bound: str
    path: str

    @property
    def is_default(self) -> bool:
        """True for the default partition."""
        return self.bound.strip().upper() == "DEFAULT"


@dataclass(frozen=True)
class RowSecurityPolicy:
    """A row-level security policy (CREATE POLICY)."""

    name: str
    path: str
    command: PolicyCommand = "all"
    permissive: bool = True
    roles: tuple[str, ...] = ("public",)
    using: str | None = None
    with_check: str | None = None


@dataclass(frozen=True)
class RowSecurity:
    """Row-level security settings of a table."""

    path: str
    enabled: bool = False
    force: bool = False
    policies: tuple[RowSecurityPolicy, ...] = ()


@dataclass(frozen=True)
class Table:
    """A managed table. ``renamed_from`` is a planner hint (previous name, same schema)."""

    schema: str
    name: str
    path: str
    columns: tuple[Column, ...]
    primary_key: PrimaryKey | None = None
    foreign_keys: tuple[ForeignKey, ...] = ()
    uniques: tuple[Unique, ...] = ()
    checks: tuple[Check, ...] = ()
    indexes: tuple[Index, ...] = ()
    partition_by: PartitionBy | None = None
    partitions: tuple[Partition, ...] = ()
    row_security: RowSecurity | None = None
    comment: str | None = None
    renamed_from: str | None = None

    @property
    def qualified(self) -> str:
        """``schema.name`` for messages (not quoted; use psycopg.sql.Identifier for SQL)."""
        return f"{self.schema}.{self.name}"

    @property
    def key(self) -> tuple[str, str]:
        """``(schema, name)``, the key catalogs use."""
        return (self.schema, self.name)

    def column(self, name: str) -> Column | None:
        """The column called ``name``, or None."""
        return next((c for c in self.columns if c.name == name), None)

    @property
    def column_names(self) -> tuple[str, ...]:
        """The column names, in table order."""
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class Enum:
    """An enum type."""

    schema: str
    name: str
    values: tuple[str, ...]
    path: str

    @property
    def qualified(self) -> str:
        """``schema.name`` for messages."""
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class Policy:
    """How changes are executed (``spec.policy``); durations are in milliseconds or seconds."""

    allow_destructive: bool = False
    lock_timeout_ms: int = 2000
    statement_timeout_ms: int = 0
    long_statement_timeout_ms: int = 0  # index builds, validations, approved rewrites
    lock_retry_timeout_ms: int = 60_000  # keep retrying a lock-timed-out step this long
    backfill_pause_ms: int = 0
    backfill_batch_size: int = 1000
    mode: Mode = "Apply"
    drift_check_interval_s: int = 300
    on_delete: Literal["Orphan"] = "Orphan"
    keep_undeclared_extensions: bool = False  # leave installed extensions the document does not declare alone


@dataclass(frozen=True)
class Decision:
    """An architecture decision record (``spec.decisions[]``)."""

    id: str
    title: str
    path: str
    status: str = "accepted"
    date: str | None = None
    context: str = ""
    decision: str = ""
    consequences: str = ""
    rules: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()


@dataclass(frozen=True)
class AccessPattern:
    """A query the application runs (``spec.accessPatterns[]``), for the linter."""

    name: str
    query: str
    path: str
    frequency: Frequency = "medium"


@dataclass(frozen=True)
class RefreshSchedule:
    """A materialized view refreshed on a schedule (``spec.refresh[]``); durations in milliseconds."""

    schema: str
    view: str
    every_ms: int
    path: str
    concurrently: bool = True
    timeout_ms: int = 600_000

    @property
    def qualified(self) -> str:
        """``schema.view`` for messages and the bookkeeping table (not quoted)."""
        return f"{self.schema}.{self.view}"


@dataclass(frozen=True)
class Database:
    """Where the database is (``spec.database``); the schemas are on :class:`DesiredSchema`."""

    url_from_env: str | None = None
    secret_name: str | None = None
    secret_key: str = "url"


@dataclass(frozen=True)
class DesiredSchema:
    """A validated desired-state document."""

    name: str
    source: str
    document: dict[str, Any] = field(repr=False, compare=False, hash=False)
    schemas: tuple[str, ...] = ("public",)
    extensions: tuple[str, ...] = ()
    enums: tuple[Enum, ...] = ()
    tables: tuple[Table, ...] = ()
    sql: str = ""
    policy: Policy = field(default_factory=Policy)
    decisions: tuple[Decision, ...] = ()
    access_patterns: tuple[AccessPattern, ...] = ()
    refresh: tuple[RefreshSchedule, ...] = ()
    database: Database = field(default_factory=Database)
    # The platform's guard overrides (--allow, --allow-extension): set by whoever loads the document, never by it.
    overrides: Overrides = field(default_factory=Overrides, compare=False, repr=False)
    # The command line's key of the file and flags it was read from (livestate/quick.py): an apply records it,
    # so that the next no-op `plan` of the same file answers without loading it. Empty elsewhere.
    source_key: str = field(default="", compare=False, repr=False)

    def table(self, schema: str, name: str) -> Table | None:
        """The table ``schema.name``, or None."""
        return next((t for t in self.tables if t.schema == schema and t.name == name), None)

    def enum(self, schema: str, name: str) -> Enum | None:
        """The enum type ``schema.name``, or None."""
        return next((e for e in self.enums if e.schema == schema and e.name == name), None)

    @property
    def default_schema(self) -> str:
        """The first managed schema: where tables and enums without a schema go."""
        return self.schemas[0]
