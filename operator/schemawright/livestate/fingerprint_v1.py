"""The previous fingerprint scheme (``cat1:``), kept so that what the previous release recorded compares like with
like: plans saved by it, ``lastAppliedFingerprint`` in resource status, and the applied-state records.

It printed indexes and constraints with ``pg_get_indexdef``/``pg_get_constraintdef`` and defaults with
``pg_get_expr`` against their table: each of those builds the catalog caches of every object it prints, which
made it slow on a fresh connection (0.3-0.4 s at 1000 tables). Never used for a new fingerprint.
"""

from __future__ import annotations

from schemawright.livestate.sqltext import acl, description, not_extension_member, objects

PREFIX = "cat1:"


def query(server_version: int) -> str:
    """The ``cat1:`` query (its ``$1`` parameter: the managed schemas)."""
    enforced = "con.conenforced" if server_version >= 180000 else "true"
    rel_acl = acl("c.relacl", "r", "c.relowner")
    seq_acl = acl("c.relacl", "s", "c.relowner")
    return f"""
WITH ns AS (SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY($1::text[])),
rel AS (
    SELECT c.*, ns.nspname FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i', 'I', 'c', 'f') AND {not_extension_member("pg_class", "c")}
),
lines(line) AS (
    SELECT 'rel' || ROW(c.nspname, c.relname, c.relkind, c.relpersistence, c.reloptions, c.relrowsecurity,
                        c.relforcerowsecurity, c.relreplident, (SELECT amname FROM pg_am WHERE oid = c.relam),
                        CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
                        pg_get_expr(c.relpartbound, c.oid), {description("c.oid", "pg_class")},
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
    SELECT 'column' || ROW(c.nspname, c.relname,
                           row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum), a.attname,
                           format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid),
                           a.attidentity, a.attgenerated,
                           CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation::regcollation::text END,
                           CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage END, a.attcompression,
                           a.attoptions, a.attislocal, a.attinhcount, {description("c.oid", "pg_class", "a.attnum")},
                           CASE WHEN a.attacl IS NOT NULL THEN {acl("a.attacl", "c", "c.relowner")} END)::text
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
                               con.coninhcount, {description("con.oid", "pg_constraint")})::text
    FROM pg_constraint con JOIN ns ON ns.oid = con.connamespace
    LEFT JOIN pg_class r ON r.oid = con.conrelid LEFT JOIN pg_type ty ON ty.oid = con.contypid
{objects()})
SELECT encode(sha256(convert_to(coalesce(string_agg(line, E'\\n' ORDER BY line COLLATE "C"), ''), 'UTF8')), 'hex')
FROM lines
"""
