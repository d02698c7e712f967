"""Read a database's catalog into a :class:`~schemawright.catalog.Catalog` (the planner's input)."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence

import postgast
import psycopg
from postgast.pg_query_pb2 import FuncCall
from psycopg import sql

from schemawright.catalog import (
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

# Objects that belong to an extension are the extension's business, not the schema's.
_NOT_EXTENSION_MEMBER = """
NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '{catalog}'::regclass
            AND d.objid = {alias}.oid AND d.deptype = 'e')
"""

_TABLES = f"""
SELECT n.nspname, c.relname, c.relkind,
       -- A partitioned table holds no rows itself (and autovacuum never analyzes it): its partitions' count.
       CASE WHEN c.relkind = 'p' THEN (
           SELECT coalesce(sum(l.reltuples) FILTER (WHERE l.reltuples >= 0), -1)::bigint
           FROM pg_partition_tree(c.oid) t JOIN pg_class l ON l.oid = t.relid WHERE t.isleaf)
       ELSE c.reltuples::bigint END,
       CASE WHEN c.relkind = 'p' THEN (
           SELECT coalesce(sum(pg_relation_size(t.relid)), 0)::bigint FROM pg_partition_tree(c.oid) t WHERE t.isleaf)
       ELSE pg_relation_size(c.oid) END,
       c.relrowsecurity, c.relforcerowsecurity, pn.nspname, pc.relname,
       pg_get_expr(c.relpartbound, c.oid), pg_get_partition_constraintdef(c.oid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits inh ON c.relispartition AND inh.inhrelid = c.oid
LEFT JOIN pg_class pc ON pc.oid = inh.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(%(schemas)s)
  AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_class', alias='c')}
"""

_COLUMNS = """
SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(ad.adbin, ad.adrelid), a.attgenerated, a.attidentity, a.attislocal
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(%(schemas)s) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY n.nspname, c.relname, a.attnum
"""

_INDEXES = """
SELECT n.nspname, ic.relname, tc.relname, pg_get_indexdef(i.indexrelid), i.indisunique, i.indisvalid,
       con.conname, pn.nspname, pi.relname
FROM pg_index i
LEFT JOIN pg_inherits inh ON inh.inhrelid = i.indexrelid
LEFT JOIN pg_class pi ON pi.oid = inh.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pi.relnamespace
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class tc ON tc.oid = i.indrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')
WHERE n.nspname = ANY(%(schemas)s) AND tc.relkind IN ('r', 'p', 'm')
"""

_CONSTRAINTS = """
SELECT n.nspname, c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid), con.convalidated,
       {enforced}, rn.nspname, rc.relname, con.conparentid <> 0 OR NOT con.conislocal
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE n.nspname = ANY(%(schemas)s) AND con.contype IN ('c', 'f', 'p', 'u', 'x')
"""

_ENUMS = """
SELECT n.nspname, t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)
FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = ANY(%(schemas)s)
GROUP BY n.nspname, t.typname
"""

_COMPOSITE_TYPES = f"""
SELECT n.nspname, t.typname, array_agg(a.attname ORDER BY a.attnum),
       array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE t.typtype = 'c' AND n.nspname = ANY(%(schemas)s) AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_type', alias='t')}
GROUP BY n.nspname, t.typname
"""

_VIEWS = """
SELECT n.nspname, c.relname, c.relkind, pg_get_viewdef(c.oid), c.reloptions, obj_description(c.oid, 'pg_class')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY(%(schemas)s)
"""

_VIEW_DEPENDENCIES = """
SELECT DISTINCT vn.nspname, v.relname, tn.nspname, t.relname
FROM pg_depend d
JOIN pg_rewrite r ON r.oid = d.objid AND d.classid = 'pg_rewrite'::regclass
JOIN pg_class v ON v.oid = r.ev_class
JOIN pg_namespace vn ON vn.oid = v.relnamespace
JOIN pg_class t ON t.oid = d.refobjid AND d.refclassid = 'pg_class'::regclass
JOIN pg_namespace tn ON tn.oid = t.relnamespace
WHERE vn.nspname = ANY(%(schemas)s) AND v.oid <> t.oid
"""

_FUNCTIONS = f"""
SELECT n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
       pg_get_functiondef(p.oid)
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = ANY(%(schemas)s) AND p.prokind IN ('f', 'p')
  AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_proc', alias='p')}
"""

_TRIGGERS = """
SELECT n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid)
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND n.nspname = ANY(%(schemas)s)
"""

_POLICIES = """
SELECT schemaname, tablename, policyname, permissive, cmd, roles::text[], qual, with_check
FROM pg_policies WHERE schemaname = ANY(%(schemas)s)
"""

_DOMAINS = f"""
SELECT n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,
       array(SELECT c.conname::text FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c'
             ORDER BY c.conname),
       array(SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c'
             ORDER BY c.conname)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'd' AND n.nspname = ANY(%(schemas)s)
  AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_type', alias='t')}
"""

# Identity sequences belong to their column (migra compares identity options itself).
_SEQUENCE_OPTIONS = f"""
SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
       s.seqcache, s.seqcycle
FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_class', alias='c')}
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                  AND d.deptype = 'i')
"""

_COMMENTS = f"""
SELECT n.nspname, c.relname, coalesce(a.attname, ''), c.relkind::text, d.description
FROM pg_description d
JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON d.objsubid > 0 AND a.attrelid = c.oid AND a.attnum = d.objsubid
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname = ANY(%(schemas)s)
  AND (d.objsubid = 0 OR a.attname IS NOT NULL)
  AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_class', alias='c')}
"""

# Only ACLs that were changed from the default (a NULL ACL means the built-in defaults: nothing granted).
_PRIVILEGES = f"""
SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, n.nspname, c.relname, '',
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname = ANY(%(schemas)s) AND a.grantee <> c.relowner
  AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_class', alias='c')}
UNION ALL
SELECT 'TABLE', n.nspname, c.relname, at.attname,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type
FROM pg_attribute at JOIN pg_class c ON c.oid = at.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace,
     aclexplode(at.attacl) a
WHERE at.attnum > 0 AND NOT at.attisdropped AND n.nspname = ANY(%(schemas)s) AND a.grantee <> c.relowner
  AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_class', alias='c')}
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, n.nspname,
       p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', '',
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, aclexplode(p.proacl) a
WHERE p.prokind IN ('f', 'p') AND n.nspname = ANY(%(schemas)s) AND a.grantee <> p.proowner
  AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_proc', alias='p')}
"""

_SEQUENCES = f"""
SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'S' AND n.nspname = ANY(%(schemas)s)
  AND {_NOT_EXTENSION_MEMBER.format(catalog='pg_class', alias='c')}
"""


_DEPENDENCIES = """
SELECT o.type, o.object_names, r.type, r.object_names
FROM pg_depend d,
     pg_identify_object_as_address(d.classid, d.objid, d.objsubid) o,
     pg_identify_object_as_address(d.refclassid, d.refobjid, d.refobjsubid) r
WHERE d.deptype IN ('n', 'a') AND d.objid >= 16384 AND d.refobjid >= 16384
"""

_RELATIONS = {"table", "view", "materialized view", "index", "sequence", "foreign table", "partitioned index",
              "rule"}


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


def _dependencies(rows: list[tuple[object, ...]], schemas: Sequence[str]) -> tuple[tuple[ObjectRef, ObjectRef], ...]:
    edges: set[tuple[ObjectRef, ObjectRef]] = set()
    for kind, names, ref_kind, ref_names in rows:
        dependent = object_ref(str(kind), [str(n) for n in names])  # type: ignore[attr-defined]
        referenced = object_ref(str(ref_kind), [str(n) for n in ref_names])  # type: ignore[attr-defined]
        if dependent and referenced and dependent != referenced and (
            dependent[1] in schemas or referenced[1] in schemas
        ):
            edges.add((dependent, referenced))
    return tuple(sorted(edges))


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


def inspect(conn: psycopg.Connection[tuple[object, ...]], schemas: Sequence[str]) -> Catalog:
    """Read the catalog of the managed ``schemas`` (plus installed extensions) over ``conn``."""
    params = {"schemas": list(schemas)}
    version = conn.info.server_version

    def rows(query: str) -> list[tuple[object, ...]]:
        return conn.execute(query, params).fetchall()

    columns: dict[QualifiedName, dict[str, Column]] = defaultdict(dict)
    defaults: list[tuple[QualifiedName, str, str]] = []
    for schema, table, name, type_, not_null, default, generated, identity, local in rows(_COLUMNS):
        key = (str(schema), str(table))
        columns[key][str(name)] = Column(
            name=str(name), type=str(type_), not_null=bool(not_null),
            default=None if default is None else str(default),
            generated=str(generated or ""), identity=str(identity or ""), local=bool(local),
        )
        if default is not None and not generated:
            defaults.append((key, str(name), str(default)))
    _mark_volatile_defaults(conn, columns, defaults)

    enforced = "con.conenforced" if version >= 180000 else "true"
    constraints: dict[tuple[str, str, str], Constraint] = {}
    primary_keys: dict[QualifiedName, tuple[str, ...]] = {}
    for schema, table, name, kind, definition, validated, is_enforced, rschema, rtable, inherited in rows(
        _CONSTRAINTS.format(enforced=enforced)
    ):
        con = Constraint(
            schema=str(schema), table=str(table), name=str(name), kind=str(kind),
            definition=str(definition), validated=bool(validated), enforced=bool(is_enforced),
            referenced_table=(str(rschema), str(rtable)) if rtable is not None else None,
            inherited=bool(inherited),
        )
        constraints[(con.schema, con.table, con.name)] = con
        if con.kind == "p":
            primary_keys[(con.schema, con.table)] = _key_columns(con.definition)

    tables: dict[QualifiedName, Table] = {}
    row_security: dict[QualifiedName, tuple[bool, bool]] = {}
    for schema, name, kind, reltuples, size, rls, force, parent_schema, parent, bound, implied in rows(_TABLES):
        key = (str(schema), str(name))
        tables[key] = Table(
            schema=key[0], name=key[1], columns=columns.get(key, {}), primary_key=primary_keys.get(key, ()),
            kind=str(kind), row_estimate=int(str(reltuples)), size_bytes=int(str(size)),
            partition_of=(str(parent_schema), str(parent)) if parent is not None else None,
            partition_bound=str(bound or ""), partition_constraint=str(implied or ""),
        )
        if rls or force:
            row_security[key] = (bool(rls), bool(force))

    indexes = {
        (str(s), str(n)): Index(schema=str(s), name=str(n), table=str(t), definition=str(d), unique=bool(u),
                                valid=bool(v), constraint=None if c is None else str(c),
                                parent=(str(ps), str(pn)) if pn is not None else None)
        for s, n, t, d, u, v, c, ps, pn in rows(_INDEXES)
    }
    views: dict[QualifiedName, str] = {}
    view_sql: dict[QualifiedName, str] = {}
    view_options: dict[QualifiedName, tuple[str, ...]] = {}
    for schema, name, kind, definition, options, comment in rows(_VIEWS):
        key = (str(schema), str(name))
        views[key] = f"{'MATERIALIZED VIEW' if kind == 'm' else 'VIEW'} {options or ''}: {definition}"
        view_sql[key] = _view_sql(key, str(kind), str(definition), options, comment)  # type: ignore[arg-type]
        if kind == "v":
            view_options[key] = tuple(sorted(str(o) for o in options or ()))  # type: ignore[attr-defined]
    dependencies: dict[QualifiedName, list[QualifiedName]] = defaultdict(list)
    for vs, vn, ts, tn in rows(_VIEW_DEPENDENCIES):
        dependencies[(str(vs), str(vn))].append((str(ts), str(tn)))

    policies = {
        (str(s), str(t), str(n)): Policy(permissive=str(perm), command=str(cmd),
                                         roles=tuple(str(r) for r in roles),  # type: ignore[attr-defined]
                                         using=None if qual is None else str(qual),
                                         check=None if check is None else str(check))
        for s, t, n, perm, cmd, roles, qual, check in rows(_POLICIES)
    }
    extensions = conn.execute("SELECT e.extname, e.extversion, n.nspname FROM pg_extension e "
                              "JOIN pg_namespace n ON n.oid = e.extnamespace").fetchall()
    return Catalog(
        server_version=version,
        tables=tables,
        indexes=indexes,
        constraints=constraints,
        enums={(str(s), str(n)): tuple(str(x) for x in labels) for s, n, labels in rows(_ENUMS)},  # type: ignore[attr-defined]
        views=views,
        view_sql=view_sql,
        view_dependencies={k: tuple(sorted(v)) for k, v in dependencies.items()},
        functions={str(sig): str(d) for sig, d in rows(_FUNCTIONS)},
        triggers={(str(s), str(t), str(n)): str(d) for s, t, n, d in rows(_TRIGGERS)},
        policies={key: _policy_text(p) for key, p in policies.items()},
        policy_parts=policies,
        row_security=row_security,
        extensions={str(n): str(v) for n, v, _s in extensions},
        extension_schemas={str(n): str(s) for n, _v, s in extensions},
        sequences=tuple((str(s), str(n)) for s, n in rows(_SEQUENCES)),
        domains={(str(s), str(n)): Domain(base_type=str(base), not_null=bool(not_null),
                                          default=None if default is None else str(default),
                                          checks=tuple(zip(names, definitions, strict=True)))  # type: ignore[call-overload]
                 for s, n, base, not_null, default, names, definitions in rows(_DOMAINS)},
        sequence_options={(str(s), str(n)): SequenceOptions(
            data_type=str(t), start=int(str(start)), increment=int(str(inc)), minimum=int(str(lo)),
            maximum=int(str(hi)), cache=int(str(cache)), cycle=bool(cycle))
            for s, n, t, start, inc, lo, hi, cache, cycle in rows(_SEQUENCE_OPTIONS)},
        view_options=view_options,
        privileges=_privileges(rows(_PRIVILEGES)),
        comments={(str(s), str(r), str(c)): (str(k), str(d)) for s, r, c, k, d in rows(_COMMENTS)},
        dependencies=_dependencies(rows(_DEPENDENCIES), schemas),
        composite_types={(str(s), str(n)): tuple(zip(names, types, strict=True))  # type: ignore[call-overload]
                         for s, n, names, types in rows(_COMPOSITE_TYPES)},
    )


def _privileges(found: list[tuple[object, ...]]) -> dict[tuple[str, str, str, str], tuple[tuple[str, str], ...]]:
    grouped: dict[tuple[str, str, str, str], set[tuple[str, str]]] = defaultdict(set)
    for kind, schema, name, column, grantee, privilege in found:
        grouped[(str(kind), str(schema), str(name), str(column))].add((str(grantee), str(privilege)))
    return {key: tuple(sorted(pairs)) for key, pairs in grouped.items()}


def _policy_text(policy: Policy) -> str:
    """One line per policy for the fingerprint (``concat_ws`` of its parts, as before they were kept apart)."""
    parts = (policy.permissive, policy.command, ",".join(policy.roles), policy.using, policy.check)
    return " ".join(p for p in parts if p is not None)


def _view_sql(name: QualifiedName, kind: str, definition: str, options: list[str] | None,
              comment: str | None) -> str:
    """The statements that re-create a view exactly, options (security_invoker…) and comment included."""
    target = sql.Identifier(*name).as_string(None)
    with_options = f" WITH ({', '.join(options)})" if options else ""
    body = definition.strip().rstrip(";")
    create = (f"CREATE MATERIALIZED VIEW {target}{with_options} AS {body}" if kind == "m"
              else f"CREATE OR REPLACE VIEW {target}{with_options} AS {body}")
    if comment is not None:
        what = "MATERIALIZED VIEW" if kind == "m" else "VIEW"
        create += f";\nCOMMENT ON {what} {target} IS {sql.Literal(comment).as_string(None)}"
    return create


def _key_columns(definition: str) -> tuple[str, ...]:
    """Column names from ``PRIMARY KEY (a, "B")`` as pg_get_constraintdef prints it."""
    inner = definition[definition.index("(") + 1 : definition.index(")")]
    return tuple(part.strip().strip('"').replace('""', '"') for part in inner.split(","))


def _mark_volatile_defaults(
    conn: psycopg.Connection[tuple[object, ...]],
    columns: dict[QualifiedName, dict[str, Column]],
    defaults: list[tuple[QualifiedName, str, str]],
) -> None:
    """Flag defaults that call a volatile function (uuidv7(), random(), nextval(), clock_timestamp()…)."""
    calls = {(key, name): called_functions(expr) for key, name, expr in defaults}
    names = sorted(set().union(*calls.values())) if calls else []
    if not names:
        return
    volatile = {
        str(proname)
        for (proname,) in conn.execute(
            "SELECT proname FROM pg_proc WHERE proname = ANY(%s) GROUP BY proname "
            "HAVING bool_or(provolatile = 'v')",
            (names,),
        )
    }
    for (key, name), called in calls.items():
        if called & volatile:
            col = columns[key][name]
            columns[key][name] = Column(**{**col.__dict__, "default_volatile": True})
