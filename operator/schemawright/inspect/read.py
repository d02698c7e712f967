"""Read a database's catalog into a :class:`~schemawright.inspect.catalog.Catalog` (the planner's input)."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import NamedTuple

import postgast
import psycopg
from postgast.pg_query_pb2 import FuncCall
from psycopg import sql

from schemawright.inspect import queries as q
from schemawright.inspect.catalog import (
    Catalog,
    Column,
    Constraint,
    Domain,
    Index,
    ObjectRef,
    Policy,
    QualifiedName,
    SequenceOptions,
    Table,
)

Conn = psycopg.Connection[tuple[object, ...]]
Rows = Callable[[str], list[tuple[object, ...]]]  # a query's rows for the managed schemas

_RELATIONS = {"table", "view", "materialized view", "index", "sequence", "foreign table", "partitioned index", "rule"}


def object_ref(kind: str, names: Sequence[str]) -> ObjectRef | None:
    """The planner's name for an object ``pg_identify_object_as_address`` describes (None: not tracked)."""
    if kind in _RELATIONS and len(names) >= 2:
        return ("relation", names[0], names[1])  # a view's rule stands for the view
    if kind in ("table column", "view column", "materialized view column", "default value") and len(names) == 3:
        return ("column", *names)
    if kind in ("table constraint", "trigger", "policy") and len(names) == 3:
        return (kind.removeprefix("table "), *names)
    if kind in ("function", "procedure", "aggregate") and len(names) == 2:
        return ("function", *names)
    if kind in ("type", "domain") and len(names) == 1 and "." in names[0]:
        schema, name = names[0].split(".", 1)
        return ("type", schema.strip('"'), name.strip('"'))
    return None


def called_functions(expression: str) -> set[str]:
    """Names of the functions an SQL expression calls (lower-case, unqualified)."""
    return set(_called_functions(expression))


@functools.lru_cache(maxsize=4096)
def _called_functions(expression: str) -> frozenset[str]:
    """Parsed once per text: a schema repeats the same few defaults (``now()``) on many columns."""
    try:
        tree = postgast.parse(f"SELECT {expression}")
    except postgast.PgQueryError:
        return frozenset()
    names: set[str] = set()
    for node in postgast.find_nodes(tree, FuncCall):
        parts = [part.string.sval for part in node.funcname]
        if parts:
            names.add(parts[-1].lower())
    return frozenset(names)


def inspect(conn: Conn, schemas: Sequence[str]) -> Catalog:
    """Read the catalog of the managed ``schemas`` (plus installed extensions) over ``conn``: one reader per
    object kind, as schemainspect does."""
    params = {"schemas": list(schemas)}

    def rows(query: str) -> list[tuple[object, ...]]:
        return conn.execute(query, params).fetchall()

    version = conn.info.server_version
    constraints = read_constraints(rows, version)
    tables, row_security = read_tables(rows, read_columns(conn, rows), constraints)
    views = read_views(rows)
    policies = read_policies(rows)
    extensions = read_extensions(conn)
    sequences, sequence_options = read_sequences(rows)
    return Catalog(
        server_version=version,
        tables=tables,
        indexes=read_indexes(rows),
        constraints=constraints,
        not_null_names=read_not_null_names(rows) if version >= 180000 else {},
        enums=read_enums(rows),
        views=views.definitions,
        view_sql=views.sql,
        view_dependencies=views.dependencies,
        functions=read_functions(rows),
        triggers=read_triggers(rows),
        policies={key: _policy_text(p) for key, p in policies.items()},
        policy_parts=policies,
        row_security=row_security,
        extensions={name: version_ for name, (version_, _schema) in extensions.items()},
        extension_schemas={name: schema for name, (_version, schema) in extensions.items()},
        sequences=sequences,
        domains=read_domains(rows),
        sequence_options=sequence_options,
        view_options=views.options,
        privileges=read_privileges(rows),
        owners={(str(k), str(s), str(n)): str(o) for k, s, n, o in rows(q.OWNERS)},
        comments=read_comments(rows),
        dependencies=read_dependencies(rows, schemas),
        composite_types=read_composite_types(rows),
    )


def read_columns(conn: Conn, rows: Rows) -> dict[QualifiedName, dict[str, Column]]:
    """Every table's columns in order, volatile defaults flagged."""
    columns: dict[QualifiedName, dict[str, Column]] = defaultdict(dict)
    defaults: list[tuple[QualifiedName, str, str]] = []
    for schema, table, name, type_, not_null, default, generated, identity, local in rows(q.COLUMNS):
        key = (str(schema), str(table))
        columns[key][str(name)] = Column(
            name=str(name),
            type=str(type_),
            not_null=bool(not_null),
            default=None if default is None else str(default),
            generated=str(generated or ""),
            identity=str(identity or ""),
            local=bool(local),
        )
        if default is not None and not generated:
            defaults.append((key, str(name), str(default)))
    _mark_volatile_defaults(conn, columns, defaults)
    return columns


def read_constraints(rows: Rows, server_version: int) -> dict[tuple[str, str, str], Constraint]:
    """Table constraints: checks, foreign keys, primary keys, uniques, exclusions."""
    enforced = "con.conenforced" if server_version >= 180000 else "true"  # NOT ENFORCED is new in 18
    constraints: dict[tuple[str, str, str], Constraint] = {}
    for schema, table, name, kind, definition, validated, is_enforced, rschema, rtable, inherited in rows(
        q.CONSTRAINTS.format(enforced=enforced)
    ):
        con = Constraint(
            schema=str(schema),
            table=str(table),
            name=str(name),
            kind=str(kind),
            definition=str(definition),
            validated=bool(validated),
            enforced=bool(is_enforced),
            referenced_table=(str(rschema), str(rtable)) if rtable is not None else None,
            inherited=bool(inherited),
        )
        constraints[(con.schema, con.table, con.name)] = con
    return constraints


def read_not_null_names(rows: Rows) -> dict[tuple[str, str, str], str]:
    """The name of each column's own NOT NULL constraint (PostgreSQL 18 and later)."""
    return {(str(s), str(t), str(c)): str(n) for s, t, c, n in rows(q.NOT_NULL_NAMES)}


def read_tables(
    rows: Rows,
    columns: dict[QualifiedName, dict[str, Column]],
    constraints: dict[tuple[str, str, str], Constraint],
) -> tuple[dict[QualifiedName, Table], dict[QualifiedName, tuple[bool, bool]]]:
    """Tables (regular and partitioned) with their columns and primary key, and their row-level security
    switches (enabled, forced) where either is on."""
    primary_keys = {(c.schema, c.table): _key_columns(c.definition) for c in constraints.values() if c.kind == "p"}
    tables: dict[QualifiedName, Table] = {}
    row_security: dict[QualifiedName, tuple[bool, bool]] = {}
    for schema, name, kind, reltuples, size, rls, force, parent_schema, parent, bound, implied in rows(q.TABLES):
        key = (str(schema), str(name))
        tables[key] = Table(
            schema=key[0],
            name=key[1],
            columns=columns.get(key, {}),
            primary_key=primary_keys.get(key, ()),
            kind=str(kind),
            row_estimate=int(str(reltuples)),
            size_bytes=int(str(size)),
            partition_of=(str(parent_schema), str(parent)) if parent is not None else None,
            partition_bound=str(bound or ""),
            partition_constraint=str(implied or ""),
        )
        if rls or force:
            row_security[key] = (bool(rls), bool(force))
    return tables, row_security


def read_indexes(rows: Rows) -> dict[QualifiedName, Index]:
    """Indexes of tables and materialized views, with the constraint they back and their partitioned parent."""
    return {
        (str(s), str(n)): Index(
            schema=str(s),
            name=str(n),
            table=str(t),
            definition=str(d),
            unique=bool(u),
            valid=bool(v),
            constraint=None if c is None else str(c),
            parent=(str(ps), str(pn)) if pn is not None else None,
        )
        for s, n, t, d, u, v, c, ps, pn in rows(q.INDEXES)
    }


class Views(NamedTuple):
    """What the catalog keeps of views and materialized views."""

    definitions: dict[QualifiedName, str]  # kind, options and query: compared between catalogs
    sql: dict[QualifiedName, str]  # the statements that re-create each one
    options: dict[QualifiedName, tuple[str, ...]]  # a plain view's reloptions (security_invoker…)
    dependencies: dict[QualifiedName, tuple[QualifiedName, ...]]  # the relations each one reads


def read_views(rows: Rows) -> Views:
    """Views and materialized views, and the relations each one depends on."""
    views: dict[QualifiedName, str] = {}
    view_sql: dict[QualifiedName, str] = {}
    view_options: dict[QualifiedName, tuple[str, ...]] = {}
    for schema, name, kind, definition, options, comment in rows(q.VIEWS):
        key = (str(schema), str(name))
        views[key] = f"{'MATERIALIZED VIEW' if kind == 'm' else 'VIEW'} {options or ''}: {definition}"
        view_sql[key] = _view_sql(key, str(kind), str(definition), options, comment)  # type: ignore[arg-type]
        if kind == "v":
            view_options[key] = tuple(sorted(str(o) for o in options or ()))  # type: ignore[attr-defined]
    dependencies: dict[QualifiedName, list[QualifiedName]] = defaultdict(list)
    for vs, vn, ts, tn in rows(q.VIEW_DEPENDENCIES):
        dependencies[(str(vs), str(vn))].append((str(ts), str(tn)))
    return Views(views, view_sql, view_options, {k: tuple(sorted(v)) for k, v in dependencies.items()})


def read_functions(rows: Rows) -> dict[str, str]:
    """Functions and procedures by signature (``schema.name(args)``): their full definitions."""
    return {str(sig): str(d) for sig, d in rows(q.FUNCTIONS)}


def read_triggers(rows: Rows) -> dict[tuple[str, str, str], str]:
    """User triggers by (schema, table, name): their definitions."""
    return {(str(s), str(t), str(n)): str(d) for s, t, n, d in rows(q.TRIGGERS)}


def read_policies(rows: Rows) -> dict[tuple[str, str, str], Policy]:
    """Row-level security policies by (schema, table, name)."""
    return {
        (str(s), str(t), str(n)): Policy(
            permissive=str(perm),
            command=str(cmd),
            roles=tuple(str(r) for r in roles),  # type: ignore[attr-defined]
            using=None if qual is None else str(qual),
            check=None if check is None else str(check),
        )
        for s, t, n, perm, cmd, roles, qual, check in rows(q.POLICIES)
    }


def read_enums(rows: Rows) -> dict[QualifiedName, tuple[str, ...]]:
    """Enum types and their labels in order."""
    return {(str(s), str(n)): tuple(str(x) for x in labels) for s, n, labels in rows(q.ENUMS)}  # type: ignore[attr-defined]


def read_domains(rows: Rows) -> dict[QualifiedName, Domain]:
    """Domains: base type, collation, NOT NULL, default and named checks."""
    return {
        (str(s), str(n)): Domain(
            base_type=str(base),
            collation=None if collation is None else str(collation),
            not_null=bool(not_null),
            default=None if default is None else str(default),
            checks=tuple(zip(names, definitions, strict=True)),  # type: ignore[call-overload]
        )
        for s, n, base, collation, not_null, default, names, definitions in rows(q.DOMAINS)
    }


def read_composite_types(rows: Rows) -> dict[QualifiedName, tuple[tuple[str, str], ...]]:
    """Composite types: their attributes (name, type) in order."""
    return {
        (str(s), str(n)): tuple(zip(names, types, strict=True))  # type: ignore[call-overload]
        for s, n, names, types in rows(q.COMPOSITE_TYPES)
    }


def read_sequences(rows: Rows) -> tuple[tuple[QualifiedName, ...], dict[QualifiedName, SequenceOptions]]:
    """Every sequence's name, and the options of those not owned by an identity column."""
    names = tuple((str(s), str(n)) for s, n in rows(q.SEQUENCES))
    options = {
        (str(s), str(n)): SequenceOptions(
            data_type=str(t),
            start=int(str(start)),
            increment=int(str(inc)),
            minimum=int(str(lo)),
            maximum=int(str(hi)),
            cache=int(str(cache)),
            cycle=bool(cycle),
        )
        for s, n, t, start, inc, lo, hi, cache, cycle in rows(q.SEQUENCE_OPTIONS)
    }
    return names, options


def read_privileges(rows: Rows) -> dict[tuple[str, str, str, str], tuple[tuple[str, str], ...]]:
    """Grants changed from the owner's defaults, by (object kind, schema, name, column): (grantee, privilege)."""
    return _privileges(rows(q.PRIVILEGES))


def read_comments(rows: Rows) -> dict[tuple[str, str, str], tuple[str, str]]:
    """Comments on relations and their columns, by (schema, relation, column or ''): (relkind, text)."""
    return {(str(s), str(r), str(c)): (str(k), str(d)) for s, r, c, k, d in rows(q.COMMENTS)}


def read_dependencies(rows: Rows, schemas: Sequence[str]) -> tuple[tuple[ObjectRef, ObjectRef], ...]:
    """Dependency edges (dependent, referenced) between tracked objects where either is in ``schemas``."""
    edges: set[tuple[ObjectRef, ObjectRef]] = set()
    for kind, names, ref_kind, ref_names in rows(q.DEPENDENCIES):
        dependent = object_ref(str(kind), [str(n) for n in names])  # type: ignore[attr-defined]
        referenced = object_ref(str(ref_kind), [str(n) for n in ref_names])  # type: ignore[attr-defined]
        if (
            dependent
            and referenced
            and dependent != referenced
            and (dependent[1] in schemas or referenced[1] in schemas)
        ):
            edges.add((dependent, referenced))
    return tuple(sorted(edges))


def read_extensions(conn: Conn) -> dict[str, tuple[str, str]]:
    """Installed extensions (in any schema): name → (version, schema)."""
    return {str(n): (str(v), str(s)) for n, v, s in conn.execute(q.EXTENSIONS).fetchall()}


def _privileges(found: list[tuple[object, ...]]) -> dict[tuple[str, str, str, str], tuple[tuple[str, str], ...]]:
    grouped: dict[tuple[str, str, str, str], set[tuple[str, str]]] = defaultdict(set)
    for kind, schema, name, column, grantee, privilege in found:
        grouped[(str(kind), str(schema), str(name), str(column))].add((str(grantee), str(privilege)))
    return {key: tuple(sorted(pairs)) for key, pairs in grouped.items()}


def _policy_text(policy: Policy) -> str:
    """One line per policy for the fingerprint (``concat_ws`` of its parts, as before they were kept apart)."""
    parts = (policy.permissive, policy.command, ",".join(policy.roles), policy.using, policy.check)
    return " ".join(p for p in parts if p is not None)


def _view_sql(name: QualifiedName, kind: str, definition: str, options: list[str] | None, comment: str | None) -> str:
    """The statements that re-create a view exactly, options (security_invoker…) and comment included."""
    target = sql.Identifier(*name).as_string(None)
    with_options = f" WITH ({', '.join(options)})" if options else ""
    body = definition.strip().rstrip(";")
    create = (
        f"CREATE MATERIALIZED VIEW {target}{with_options} AS {body}"
        if kind == "m"
        else f"CREATE OR REPLACE VIEW {target}{with_options} AS {body}"
    )
    if comment is not None:
        what = "MATERIALIZED VIEW" if kind == "m" else "VIEW"
        create += f";\nCOMMENT ON {what} {target} IS {sql.Literal(comment).as_string(None)}"
    return create


def _key_columns(definition: str) -> tuple[str, ...]:
    """Column names from ``PRIMARY KEY (a, "B")`` as pg_get_constraintdef prints it."""
    inner = definition[definition.index("(") + 1 : definition.index(")")]
    return tuple(part.strip().strip('"').replace('""', '"') for part in inner.split(","))


def _mark_volatile_defaults(
    conn: Conn,
    columns: dict[QualifiedName, dict[str, Column]],
    defaults: list[tuple[QualifiedName, str, str]],
) -> None:
    """Flag defaults that call a volatile function (uuidv7(), random(), nextval(), clock_timestamp()…)."""
    calls = {(key, name): called_functions(expr) for key, name, expr in defaults}
    names = sorted(set().union(*calls.values())) if calls else []
    if not names:
        return
    volatile = {str(proname) for (proname,) in conn.execute(q.VOLATILE_FUNCTIONS, (names,))}
    for (key, name), called in calls.items():
        if called & volatile:
            col = columns[key][name]
            columns[key][name] = Column(**{**col.__dict__, "default_volatile": True})
