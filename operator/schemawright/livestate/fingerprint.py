"""The live schema's fingerprint in one catalog query: everything a plan depends on in the managed schemas.

A full inspection builds the planner's :class:`~schemawright.inspect.catalog.Catalog` (a dozen queries, Python objects
for every column); the questions "did anything change since?" (stale-plan guard, drift timer, no-op fast path)
only need a hash. This query renders one line per object — with names, never OIDs, so two databases built
from the same DDL agree — and hashes the sorted lines on the server.

Covered, in the managed schemas: the schemas themselves; tables, partitioned and foreign tables, views,
materialized views, sequences, indexes and composite types (kind, persistence, options, row-level security
flags, replica identity, access method, partition key and bound, comment, grants); inheritance and
partitions; columns (position among live columns, type, nullability, default, identity, generated, collation,
storage, compression, options, comment, grants); index definitions and validity; constraints (definition,
validated, enforced, inheritance, comment), domain constraints included; view definitions and rules;
functions, procedures and aggregates (definition, comment, grants); triggers (definition, enabled state,
comment); policies; enums, domains, composite and range types; sequence parameters and OWNED BY; extended
statistics. Extensions are database-wide and all count (name, version, schema), as they do for the planner.

Not covered: owners (grants are compared without the owner's own entry and without grantors), data and
statistics, collation and operator objects, publications, event triggers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg

PREFIX = "cat1:"  # the scheme (and its version): a fingerprint is only ever compared with one of the same scheme
LEGACY_PREFIX = "sha256:"  # Catalog.fingerprint(), from a full inspection (plans saved by earlier releases)

Conn = psycopg.Connection[tuple[Any, ...]]


def _acl(acl: str, kind: str, owner: str) -> str:
    """Grants as ``grantee=privilege[*]``, sorted, without the owner's own entry (owner-independent).

    A NULL ACL means the built-in default (e.g. EXECUTE for PUBLIC on functions): spelled out, so that
    ``REVOKE … FROM PUBLIC`` changes the fingerprint.
    """
    return (
        f"(SELECT string_agg(g.e, ',' ORDER BY g.e COLLATE \"C\") FROM (SELECT "
        "CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee) END || '=' || x.privilege_type "
        f"|| CASE WHEN x.is_grantable THEN '*' ELSE '' END AS e FROM aclexplode(coalesce({acl}, "
        f"acldefault('{kind}', {owner}))) x WHERE x.grantee <> {owner}) g)"
    )


def _description(oid: str, catalog: str, subid: str = "0") -> str:
    """``obj_description``/``col_description`` as a subselect: the same text, but an index lookup instead of a
    SQL-function call per row (those calls were half of the query's time on 1000 tables)."""
    return (
        f"(SELECT ds.description FROM pg_description ds WHERE ds.objoid = {oid} "
        f"AND ds.classoid = '{catalog}'::regclass AND ds.objsubid = {subid})"
    )


def _not_extension_member(catalog: str, alias: str) -> str:
    return (
        f"NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '{catalog}'::regclass "
        f"AND d.objid = {alias}.oid AND d.deptype = 'e')"
    )


def _query(server_version: int) -> str:
    enforced = "con.conenforced" if server_version >= 180000 else "true"
    rel_acl = _acl("c.relacl", "r", "c.relowner")
    seq_acl = _acl("c.relacl", "s", "c.relowner")
    return f"""
WITH ns AS (SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY(%(schemas)s)),
rel AS (
    SELECT c.*, ns.nspname FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i', 'I', 'c', 'f') AND {_not_extension_member("pg_class", "c")}
),
lines(line) AS (
    SELECT 'schema' || ROW(n.nspname, {_description("n.oid", "pg_namespace")},
                           {_acl("n.nspacl", "n", "n.nspowner")})::text
    FROM pg_namespace n JOIN ns ON ns.oid = n.oid
  UNION ALL
    SELECT 'rel' || ROW(c.nspname, c.relname, c.relkind, c.relpersistence, c.reloptions, c.relrowsecurity,
                        c.relforcerowsecurity, c.relreplident, (SELECT amname FROM pg_am WHERE oid = c.relam),
                        CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
                        pg_get_expr(c.relpartbound, c.oid), {_description("c.oid", "pg_class")},
                        CASE WHEN c.relkind = 'S' THEN {seq_acl}
                             WHEN c.relkind IN ('r', 'p', 'v', 'm', 'f') THEN {rel_acl} END,
                        format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcache,
                        s.seqcycle, owned.owner)::text
    FROM rel c
    LEFT JOIN pg_sequence s ON s.seqrelid = c.oid
    LEFT JOIN LATERAL (
        SELECT tn.nspname || '.' || t.relname || '.' || a.attname AS owner
        FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
        JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE c.relkind = 'S' AND d.classid = 'pg_class'::regclass AND d.objid = c.oid
          AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
    ) owned ON true
  UNION ALL
    SELECT 'inherits' || ROW(c.nspname, c.relname, pn.nspname, p.relname, i.inhseqno)::text
    FROM pg_inherits i JOIN rel c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
  UNION ALL
    SELECT 'column' || ROW(c.nspname, c.relname,
                           row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum), a.attname,
                           format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid),
                           a.attidentity, a.attgenerated,
                           CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation::regcollation::text END,
                           CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage END, a.attcompression,
                           a.attoptions, a.attislocal, a.attinhcount, {_description("c.oid", "pg_class", "a.attnum")},
                           CASE WHEN a.attacl IS NOT NULL THEN {_acl("a.attacl", "c", "c.relowner")} END)::text
    FROM rel c JOIN pg_attribute a ON a.attrelid = c.oid JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'c', 'f') AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
    SELECT 'index' || ROW(c.nspname, c.relname, pg_get_indexdef(i.indexrelid), i.indisvalid, i.indisclustered,
                          i.indisreplident)::text
    FROM pg_index i JOIN rel c ON c.oid = i.indexrelid
  UNION ALL
    SELECT 'constraint' || ROW(ns.nspname, coalesce(r.relname, ty.typname), con.conname, con.contype,
                               pg_get_constraintdef(con.oid), con.convalidated, {enforced}, con.conislocal,
                               con.coninhcount, {_description("con.oid", "pg_constraint")})::text
    FROM pg_constraint con JOIN ns ON ns.oid = con.connamespace
    LEFT JOIN pg_class r ON r.oid = con.conrelid LEFT JOIN pg_type ty ON ty.oid = con.contypid
  UNION ALL
    SELECT 'view' || ROW(c.nspname, c.relname, pg_get_viewdef(c.oid))::text FROM rel c WHERE c.relkind IN ('v', 'm')
  UNION ALL
    SELECT 'rule' || ROW(c.nspname, c.relname, r.rulename, pg_get_ruledef(r.oid), r.ev_enabled,
                         {_description("r.oid", "pg_rewrite")})::text
    FROM pg_rewrite r JOIN rel c ON c.oid = r.ev_class WHERE r.rulename <> '_RETURN'
  UNION ALL
    SELECT 'routine' || ROW(ns.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind,
                            CASE WHEN p.prokind = 'a' THEN ROW(a.aggtransfn, a.aggfinalfn, a.aggcombinefn,
                                 format_type(a.aggtranstype, NULL), a.agginitval, a.aggkind,
                                 pg_get_function_result(p.oid))::text
                                 ELSE pg_get_functiondef(p.oid) END,
                            {_description("p.oid", "pg_proc")}, {_acl("p.proacl", "f", "p.proowner")})::text
    FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
    WHERE {_not_extension_member("pg_proc", "p")}
  UNION ALL
    SELECT 'trigger' || ROW(c.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled,
                            {_description("t.oid", "pg_trigger")})::text
    FROM pg_trigger t JOIN rel c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal
  UNION ALL
    SELECT 'policy' || ROW(c.nspname, c.relname, p.polname, p.polcmd, p.polpermissive,
                           (SELECT string_agg(g.r, ',' ORDER BY g.r COLLATE "C") FROM (
                               SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r) END AS r
                               FROM unnest(p.polroles) r) g),
                           pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid),
                           {_description("p.oid", "pg_policy")})::text
    FROM pg_policy p JOIN rel c ON c.oid = p.polrelid
  UNION ALL
    SELECT 'type' || ROW(ns.nspname, t.typname, t.typtype,
                         (SELECT array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e
                          WHERE e.enumtypid = t.oid),
                         CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
                         t.typnotnull, t.typdefault,
                         CASE WHEN t.typtype = 'd' AND t.typcollation <> 0 THEN t.typcollation::regcollation::text END,
                         (SELECT ROW(format_type(rg.rngsubtype, NULL), rg.rngcollation::regcollation::text,
                                     rg.rngsubdiff::text, rg.rngcanonical::text)::text
                          FROM pg_range rg WHERE rg.rngtypid = t.oid),
                         {_description("t.oid", "pg_type")}, {_acl("t.typacl", "T", "t.typowner")})::text
    FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
    LEFT JOIN pg_class tr ON tr.oid = t.typrelid
    WHERE t.typtype IN ('e', 'd', 'c', 'r', 'b') AND (t.typrelid = 0 OR tr.relkind = 'c')
      AND NOT (t.typtype = 'b' AND t.typcategory = 'A') AND {_not_extension_member("pg_type", "t")}
  UNION ALL
    SELECT 'statistics' || ROW(ns.nspname, s.stxname, pg_get_statisticsobjdef(s.oid),
                               {_description("s.oid", "pg_statistic_ext")})::text
    FROM pg_statistic_ext s JOIN ns ON ns.oid = s.stxnamespace
  UNION ALL
    SELECT 'extension' || ROW(e.extname, e.extversion, n.nspname)::text
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
)
SELECT encode(sha256(convert_to(coalesce(string_agg(line, E'\\n' ORDER BY line COLLATE "C"), ''), 'UTF8')), 'hex')
FROM lines
"""


def catalog_fingerprint(conn: Conn, schemas: Sequence[str]) -> str:
    """The fingerprint (``cat1:`` + 32 hex digits) of the managed ``schemas`` as the database holds them now.

    Read-only. Names are printed fully qualified (``search_path`` pinned for the query) so the result does not
    depend on the session's settings.
    """
    with conn.transaction():
        conn.execute("SET LOCAL search_path = pg_catalog")
        row = conn.execute(_query(conn.info.server_version), {"schemas": list(schemas)}).fetchone()
    assert row is not None
    return f"{PREFIX}{str(row[0])[:32]}"


def fingerprint_like(conn: Conn, schemas: Sequence[str], expected: str) -> str:
    """The live fingerprint in the same scheme as ``expected``: like is compared with like.

    Plans saved and status written by earlier releases carry a full-inspection fingerprint (``sha256:``); for
    those the full inspection runs once more, so an upgrade never makes an unchanged schema look changed.
    """
    if expected.startswith(LEGACY_PREFIX):
        from schemawright.inspect.read import inspect

        return inspect(conn, schemas).fingerprint()
    return catalog_fingerprint(conn, schemas)
