"""The planner's view of a database: plain data read from ``pg_catalog`` by :mod:`schemawright.inspect.read`.

Kept separate from the reader so the planner and its tests build catalogs without any I/O.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

QualifiedName = tuple[str, str]  # (schema, name)
# An object a dependency names: ("relation", schema, name), ("column", schema, table, column),
# ("constraint"|"trigger"|"policy", schema, table, name), ("function"|"type", schema, name).
ObjectRef = tuple[str, ...]


@dataclass(frozen=True)
class Column:
    """One column as PostgreSQL stores it."""

    name: str
    type: str  # format_type(): e.g. "character varying(20)", "bigint", "public.order_status"
    not_null: bool = False
    default: str | None = None
    default_volatile: bool = False  # a volatile default forces a rewrite when added to a populated table
    generated: str = ""  # "" | "s" (stored) | "v" (virtual)
    identity: str = ""  # "" | "a" (always) | "d" (by default)
    local: bool = True  # defined on the table itself, not only inherited from a parent (not fingerprinted)


@dataclass(frozen=True)
class Table:
    """A table with the size facts the planner needs to tell an empty table from a live one."""

    schema: str
    name: str
    columns: dict[str, Column] = field(default_factory=dict)
    primary_key: tuple[str, ...] = ()
    kind: str = "r"  # "r" table, "p" partitioned table
    row_estimate: int = 0  # pg_class.reltuples; -1 = never analyzed
    size_bytes: int = 0  # pg_relation_size of the main fork
    partition_of: QualifiedName | None = None  # the partitioned table this one is a partition of (not fingerprinted)
    partition_bound: str = ""  # a partition's bound, e.g. "FOR VALUES IN ('eu')" (not fingerprinted)
    partition_constraint: str = ""  # the check its bound implies (pg_get_partition_constraintdef; not fingerprinted)

    @property
    def populated(self) -> bool:
        """True unless the table is known to be empty (no rows estimated and no data pages)."""
        return self.row_estimate > 0 or self.size_bytes > 0

    @property
    def rows(self) -> int:
        """Best row estimate (0 when unknown and empty)."""
        return max(self.row_estimate, 0)

    @property
    def size_text(self) -> str:
        """How big the table is, for reasons people read: "~1200 rows" or "48 kB, never analyzed"."""
        if self.row_estimate >= 0:
            return f"~{self.row_estimate} rows"
        return f"{self.size_bytes // 1024} kB, never analyzed" if self.size_bytes else "no rows"


@dataclass(frozen=True)
class Index:
    """An index, with the constraint it backs (if any)."""

    schema: str
    name: str
    table: str
    definition: str  # pg_get_indexdef
    unique: bool = False
    valid: bool = True
    constraint: str | None = None  # name of the PK/UNIQUE/EXCLUDE constraint it backs
    parent: QualifiedName | None = None  # the partitioned index this one is a partition of


@dataclass(frozen=True)
class Constraint:
    """A table constraint (check, foreign key, primary key, unique, exclusion)."""

    schema: str
    table: str
    name: str
    kind: str  # "c" check, "f" foreign key, "p" primary key, "u" unique, "x" exclusion, "n" not null
    definition: str  # pg_get_constraintdef
    validated: bool = True
    enforced: bool = True
    referenced_table: QualifiedName | None = None
    inherited: bool = False  # comes from a partitioned parent (created and dropped with the parent's)


@dataclass(frozen=True)
class Policy:
    """A row-level security policy's parts, as ``pg_policies`` prints them (for ``ALTER POLICY``)."""

    permissive: str  # "PERMISSIVE" | "RESTRICTIVE"
    command: str  # "ALL", "SELECT"…
    roles: tuple[str, ...]
    using: str | None = None
    check: str | None = None


@dataclass(frozen=True)
class Domain:
    """A domain's definition (migra does not compare domains once they exist)."""

    base_type: str  # format_type() of the base type, e.g. "character varying(10)"
    collation: str | None = None  # qualified and quoted, when not the base type's: 'public."C"'
    not_null: bool = False
    default: str | None = None
    checks: tuple[tuple[str, str], ...] = ()  # (name, pg_get_constraintdef), sorted by name


@dataclass(frozen=True)
class SequenceOptions:
    """A sequence's options (migra does not compare them once the sequence exists)."""

    data_type: str
    start: int
    increment: int
    minimum: int
    maximum: int
    cache: int
    cycle: bool


@dataclass(frozen=True)
class Catalog:
    """Everything the planner reads about one database (limited to the managed schemas)."""

    server_version: int = 180000
    tables: dict[QualifiedName, Table] = field(default_factory=dict)
    indexes: dict[QualifiedName, Index] = field(default_factory=dict)
    constraints: dict[tuple[str, str, str], Constraint] = field(default_factory=dict)
    # (schema, table, column) -> its NOT NULL constraint's name (PostgreSQL 18; not fingerprinted)
    not_null_names: dict[tuple[str, str, str], str] = field(default_factory=dict)
    enums: dict[QualifiedName, tuple[str, ...]] = field(default_factory=dict)
    views: dict[QualifiedName, str] = field(default_factory=dict)  # name -> definition
    view_sql: dict[QualifiedName, str] = field(default_factory=dict)  # name -> CREATE (+ COMMENT) to re-create it
    view_dependencies: dict[QualifiedName, tuple[QualifiedName, ...]] = field(default_factory=dict)
    functions: dict[str, str] = field(default_factory=dict)  # identity signature -> definition
    triggers: dict[tuple[str, str, str], str] = field(default_factory=dict)
    policies: dict[tuple[str, str, str], str] = field(default_factory=dict)
    policy_parts: dict[tuple[str, str, str], Policy] = field(default_factory=dict)  # not fingerprinted: see policies
    row_security: dict[QualifiedName, tuple[bool, bool]] = field(default_factory=dict)  # (enabled, forced)
    extensions: dict[str, str] = field(default_factory=dict)  # name -> version
    extension_schemas: dict[str, str] = field(default_factory=dict)  # name -> the schema it is installed in
    sequences: tuple[QualifiedName, ...] = ()
    # What the differ does not compare (plan/gaps.py); not fingerprinted, so fingerprints stay comparable.
    domains: dict[QualifiedName, Domain] = field(default_factory=dict)
    sequence_options: dict[QualifiedName, SequenceOptions] = field(default_factory=dict)  # identity ones left out
    view_options: dict[QualifiedName, tuple[str, ...]] = field(default_factory=dict)  # views only: "name=value"
    # Explicit privileges (objects whose ACL was changed from the default), the owner's own left out:
    # (object kind "TABLE" | "SEQUENCE" | "FUNCTION" | "PROCEDURE", schema, name or signature, column or "")
    # -> sorted (grantee or "PUBLIC", privilege) pairs.
    privileges: dict[tuple[str, str, str, str], tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # Who owns each of those kinds of object: (kind, schema, name or signature) -> role. An owner holds every
    # privilege on what it owns, so a document's grant to it is already held (plan/gaps.py); not fingerprinted.
    owners: dict[tuple[str, str, str], str] = field(default_factory=dict)
    # Comments on tables, views, materialized views, foreign tables and their columns: (schema, relation, column
    # or "") -> (relkind, text).
    comments: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)
    # pg_depend edges (dependent, referenced) between objects of the managed schemas; not fingerprinted
    # (they follow from the shape), read so the planner orders steps by what depends on what.
    dependencies: tuple[tuple[ObjectRef, ObjectRef], ...] = ()
    # Composite types: name -> (attribute, format_type) in attribute order; not fingerprinted (plan/composites.py).
    composite_types: dict[QualifiedName, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def dependents(self, ref: ObjectRef) -> list[ObjectRef]:
        """The objects that depend on ``ref`` (directly)."""
        return [d for d, r in self.dependencies if r == ref]

    def table(self, schema: str, name: str) -> Table | None:
        """The table, or None."""
        return self.tables.get((schema, name))

    def index(self, schema: str, name: str) -> Index | None:
        """The index, or None."""
        return self.indexes.get((schema, name))

    def constraint(self, schema: str, table: str, name: str) -> Constraint | None:
        """The constraint, or None."""
        return self.constraints.get((schema, table, name))

    def constraint_named(self, schema: str, name: str) -> Constraint | None:
        """A constraint by schema and name, whatever its table."""
        for (s, _t, n), c in self.constraints.items():
            if s == schema and n == name:
                return c
        return None

    @property
    def materialized_views(self) -> tuple[QualifiedName, ...]:
        """The materialized views among :attr:`views`, sorted."""
        return tuple(sorted(k for k, d in self.views.items() if d.startswith("MATERIALIZED VIEW")))

    def fingerprint(self) -> str:
        """A stable hash of the schema's shape: changes with any DDL, not with data or statistics."""
        shape = {
            "tables": {
                f"{s}.{n}": {
                    "kind": t.kind,
                    "pk": list(t.primary_key),
                    "columns": {
                        c.name: [c.type, c.not_null, c.default, c.generated, c.identity] for c in t.columns.values()
                    },
                }
                for (s, n), t in sorted(self.tables.items())
            },
            "indexes": {f"{s}.{n}": [i.definition, i.valid] for (s, n), i in sorted(self.indexes.items())},
            "constraints": {
                ".".join(k): [c.definition, c.validated, c.enforced] for k, c in sorted(self.constraints.items())
            },
            "enums": {f"{s}.{n}": list(v) for (s, n), v in sorted(self.enums.items())},
            "views": {f"{s}.{n}": d for (s, n), d in sorted(self.views.items())},
            "functions": dict(sorted(self.functions.items())),
            "triggers": {".".join(k): d for k, d in sorted(self.triggers.items())},
            "policies": {".".join(k): d for k, d in sorted(self.policies.items())},
            "row_security": {f"{s}.{n}": list(v) for (s, n), v in sorted(self.row_security.items())},
            "extensions": sorted(self.extensions),
        }
        digest = hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()
        return f"sha256:{digest[:32]}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-friendly form (for debugging and fixtures)."""
        return asdict(self)
