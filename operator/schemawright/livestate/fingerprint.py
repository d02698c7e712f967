"""The live schema's fingerprint in one catalog query: everything a plan depends on in the managed schemas.

A full inspection builds the planner's :class:`~schemawright.inspect.catalog.Catalog` (a dozen queries, Python objects
for every column); the questions "did anything change since?" (stale-plan guard, drift timer, no-op fast path)
only need a hash. This query renders one line per object — with names, never OIDs, so two databases built
from the same DDL agree — and hashes the sorted lines on the server: only the digest crosses the wire.

Covered, in the managed schemas: the schemas themselves; tables, partitioned and foreign tables, views,
materialized views, sequences, indexes and composite types (kind, persistence, options, tablespace, row-level
security flags, replica identity, access method, partition key and bound, comment, grants); inheritance and
partitions; columns (position among live columns, type, nullability, default, identity, generated, collation,
storage, compression, options, comment, grants); indexes (table, uniqueness, key and included columns,
operator classes, collations, orderings, expressions and predicate, validity); constraints (kind, columns,
referenced table, columns and index, actions, deferrability, check and exclusion definitions, validated,
enforced, inheritance, comment), domain constraints included; view definitions and rules; functions,
procedures and aggregates (definition, comment, grants); triggers (definition, enabled state, comment);
policies; enums, domains, composite and range types; sequence parameters and OWNED BY (table and column number); extended statistics.
Extensions are database-wide and all count (name, version, schema), as they do for the planner.

Not covered: owners (grants are compared without the owner's own entry and without grantors), data and
statistics, collation and operator objects, publications, event triggers.

Why it is fast: the functions that print an object's SQL (``pg_get_indexdef``, ``pg_get_constraintdef``,
``pg_get_expr`` with a table) fill the server's catalog caches for every object they print, which on a new
connection cost more than everything else together (0.3-0.4 s at 1000 tables, 4000 indexes). Indexes and
constraints are printed from their catalog rows instead (columns by number, operator classes and collations
by OID while they are built-in, by name otherwise); only what holds an expression (a check, an exclusion, an
index expression or predicate, a generated column) is printed by those functions, and a default — which cannot
name a column — without opening its table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from schemawright.livestate import fingerprint_v1
from schemawright.livestate.sqltext import acl, not_extension_member, objects

if TYPE_CHECKING:  # the command line's no-op answer builds the query without loading the driver (quick.py)
    import psycopg

    Conn = psycopg.Connection[tuple[Any, ...]]

PREFIX = "cat2:"  # the scheme (and its version): a fingerprint is only ever compared with one of the same scheme
LEGACY_PREFIX = "sha256:"  # Catalog.fingerprint(), from a full inspection (plans saved by earlier releases)

# OIDs below FirstGenbkiObjectId come from the catalog files: the same in every cluster of a major version.
_BUILT_IN_OIDS = 10000


def _since(version: int, server_version: int, column: str, otherwise: str = "NULL") -> str:
    """A catalog column the server may be too old to have."""
    return column if server_version >= version else otherwise


def _oids_or_names(vector: str, catalog: str, name: str, namespace: str) -> str:
    """An ``oidvector`` of operator classes or collations: its OIDs while they are all built-in (the common case:
    one array containment test against the built-in ones, collected once), else qualified names (an extension's
    or a user's OIDs differ from database to database)."""
    return (
        f"CASE WHEN {vector}::oid[] <@ (SELECT array_agg(oid) || '{{0}}'::oid[] "
        f"FROM {catalog} WHERE oid < {_BUILT_IN_OIDS}) THEN {vector}::text "
        f"ELSE (SELECT string_agg(coalesce(xn.nspname || '.' || x.{name}, '-'), ',' ORDER BY u.n) "
        f"FROM unnest({vector}::oid[]) WITH ORDINALITY u(o, n) LEFT JOIN {catalog} x ON x.oid = u.o "
        f"LEFT JOIN pg_namespace xn ON xn.oid = x.{namespace}) END"
    )


def query(server_version: int) -> str:
    """The fingerprint query; its one parameter (``$1``, text[]) is the managed schemas."""
    enforced = _since(180000, server_version, "con.conenforced", "true")
    rel_acl = acl("c.relacl", "r", "c.relowner")
    seq_acl = acl("c.relacl", "s", "c.relowner")
    opclasses = _oids_or_names("i.indclass", "pg_opclass", "opcname", "opcnamespace")
    collations = _oids_or_names("i.indcollation", "pg_collation", "collname", "collnamespace")
    return f"""
WITH ns AS (SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY($1::text[])),
rel AS (
    SELECT c.oid, c.relname, c.relkind, c.relpersistence, c.reloptions, c.relrowsecurity, c.relforcerowsecurity,
           c.relreplident, c.relam, c.reltablespace, c.relacl, c.relowner, c.relpartbound, ns.nspname
    FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i', 'I', 'c', 'f') AND {not_extension_member("pg_class", "c")}
),
comments AS (SELECT objoid, objsubid, description FROM pg_description WHERE classoid = 'pg_class'::regclass),
constraint_comments AS (
    SELECT objoid, description FROM pg_description WHERE classoid = 'pg_constraint'::regclass AND objsubid = 0
),
owned AS (
    SELECT d.objid AS seq, tn.nspname || '.' || t.relname || '.' || d.refobjsubid AS owner
    FROM rel sq
    JOIN pg_depend d ON d.objid = sq.oid AND d.classid = 'pg_class'::regclass
         AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
    JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
    WHERE sq.relkind = 'S'
),
lines(line) AS (
    SELECT 'rel' || ROW(c.nspname, c.relname, c.relkind, c.relpersistence, c.reloptions, tsp.spcname,
                        c.relrowsecurity, c.relforcerowsecurity, c.relreplident, am.amname,
                        CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
                        pg_get_expr(c.relpartbound, 0), ds.description,
                        CASE WHEN c.relacl IS NOT NULL AND c.relkind <> 'c' THEN {rel_acl} END)::text
    FROM rel c
    LEFT JOIN pg_am am ON am.oid = c.relam
    LEFT JOIN pg_tablespace tsp ON tsp.oid = c.reltablespace
    LEFT JOIN comments ds ON ds.objoid = c.oid AND ds.objsubid = 0
    WHERE c.relkind NOT IN ('S', 'i', 'I')
  UNION ALL
    SELECT 'sequence' || ROW(c.nspname, c.relname, c.relpersistence, ds.description,
                             CASE WHEN c.relacl IS NOT NULL THEN {seq_acl} END, format_type(s.seqtypid, NULL),
                             s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle, owned.owner)::text
    FROM rel c JOIN pg_sequence s ON s.seqrelid = c.oid
    LEFT JOIN owned ON owned.seq = c.oid
    LEFT JOIN comments ds ON ds.objoid = c.oid AND ds.objsubid = 0
  UNION ALL
    SELECT 'index' || ROW(c.nspname, c.relname, c.relkind, c.relpersistence, c.reloptions, tsp.spcname, am.amname,
                          ds.description, t.relname, i.indnkeyatts, i.indkey::text, {opclasses}, {collations},
                          i.indoption::text, i.indisunique, {_since(150000, server_version, "i.indnullsnotdistinct")},
                          i.indisprimary, i.indisexclusion, i.indimmediate,
                          CASE WHEN i.indexprs IS NOT NULL OR i.indpred IS NOT NULL THEN pg_get_indexdef(c.oid) END,
                          i.indisvalid, i.indisclustered, i.indisreplident)::text
    FROM rel c JOIN pg_index i ON i.indexrelid = c.oid JOIN pg_class t ON t.oid = i.indrelid
    LEFT JOIN pg_am am ON am.oid = c.relam
    LEFT JOIN pg_tablespace tsp ON tsp.oid = c.reltablespace
    LEFT JOIN comments ds ON ds.objoid = c.oid AND ds.objsubid = 0
  UNION ALL
    SELECT 'column' || ROW(c.nspname, c.relname,
                           row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum), a.attname,
                           format_type(a.atttypid, a.atttypmod), a.attnotnull,
                           pg_get_expr(ad.adbin, CASE WHEN a.attgenerated <> '' THEN ad.adrelid ELSE 0 END),
                           a.attidentity, a.attgenerated,
                           CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation::regcollation::text END,
                           CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage END, a.attcompression,
                           a.attoptions, a.attislocal, a.attinhcount, ds.description,
                           CASE WHEN a.attacl IS NOT NULL THEN {acl("a.attacl", "c", "c.relowner")} END)::text
    FROM rel c JOIN pg_attribute a ON a.attrelid = c.oid JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    LEFT JOIN comments ds ON ds.objoid = c.oid AND ds.objsubid = a.attnum
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'c', 'f') AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
    SELECT 'constraint' || ROW(ns.nspname, coalesce(r.relname, ty.typname), con.conname, con.contype,
                               CASE WHEN con.contype IN ('c', 'x') THEN pg_get_constraintdef(con.oid) END,
                               con.conkey, con.confkey, fn.nspname || '.' || f.relname, ci.relname,
                               con.confupdtype, con.confdeltype, con.confmatchtype,
                               {_since(150000, server_version, "con.confdelsetcols")}, con.condeferrable,
                               con.condeferred, {_since(180000, server_version, "con.conperiod")}, con.connoinherit,
                               con.convalidated, {enforced}, con.conislocal, con.coninhcount,
                               cds.description)::text
    FROM pg_constraint con JOIN ns ON ns.oid = con.connamespace
    LEFT JOIN pg_class r ON r.oid = con.conrelid LEFT JOIN pg_type ty ON ty.oid = con.contypid
    LEFT JOIN pg_class f ON f.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
    LEFT JOIN pg_class ci ON ci.oid = con.conindid
    LEFT JOIN constraint_comments cds ON cds.objoid = con.oid
{objects()})
SELECT encode(sha256(convert_to(coalesce(string_agg(line, E'\\n' ORDER BY line COLLATE "C"), ''), 'UTF8')), 'hex')
FROM lines
"""


def query_like(expected: str, server_version: int) -> tuple[str, str] | None:
    """The prefix and query that compute a fingerprint in the scheme of ``expected`` (this one, or the previous
    release's ``cat1:``); None for a full-inspection fingerprint (``sha256:``), which no single query makes."""
    if expected.startswith(fingerprint_v1.PREFIX):
        return fingerprint_v1.PREFIX, fingerprint_v1.query(server_version)
    if expected.startswith(LEGACY_PREFIX):
        return None
    return PREFIX, query(server_version)


def _run(conn: Conn, prefix: str, sql: str, schemas: Sequence[str]) -> str:
    import psycopg

    with conn.transaction():
        conn.execute("SET LOCAL search_path = pg_catalog")
        row = psycopg.RawCursor(conn).execute(sql, [list(schemas)]).fetchone()
    assert row is not None
    return f"{prefix}{str(row[0])[:32]}"


def catalog_fingerprint(conn: Conn, schemas: Sequence[str]) -> str:
    """The fingerprint (``cat2:`` + 32 hex digits) of the managed ``schemas`` as the database holds them now.

    Read-only. Names are printed fully qualified (``search_path`` pinned for the query) so the result does not
    depend on the session's settings.
    """
    return _run(conn, PREFIX, query(conn.info.server_version), schemas)


def fingerprint_like(conn: Conn, schemas: Sequence[str], expected: str) -> str:
    """The live fingerprint in the same scheme as ``expected``: like is compared with like.

    Plans saved, status written and applies recorded by earlier releases carry an earlier scheme: the previous
    query (``cat1:``), or a full inspection (``sha256:``), which runs once more. So an upgrade never makes an
    unchanged schema look changed.
    """
    found = query_like(expected, conn.info.server_version)
    if found is None:
        from schemawright.inspect.read import inspect

        return inspect(conn, schemas).fingerprint()
    return _run(conn, *found, schemas)
