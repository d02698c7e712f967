"""SQL fragments the fingerprint queries share: grants, comments and extension membership, printed by name."""

from __future__ import annotations


def acl(acl_column: str, kind: str, owner: str) -> str:
    """Grants as ``grantee=privilege[*]``, sorted, without the owner's own entry (owner-independent).

    A NULL ACL means the built-in default (e.g. EXECUTE for PUBLIC on functions): spelled out, so that
    ``REVOKE … FROM PUBLIC`` changes the fingerprint.
    """
    return (
        f"(SELECT string_agg(g.e, ',' ORDER BY g.e COLLATE \"C\") FROM (SELECT "
        "CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee) END || '=' || x.privilege_type "
        f"|| CASE WHEN x.is_grantable THEN '*' ELSE '' END AS e FROM aclexplode(coalesce({acl_column}, "
        f"acldefault('{kind}', {owner}))) x WHERE x.grantee <> {owner}) g)"
    )


def description(oid: str, catalog: str, subid: str = "0") -> str:
    """``obj_description``/``col_description`` as a subselect: the same text, but an index lookup instead of a
    SQL-function call per row."""
    return (
        f"(SELECT ds.description FROM pg_description ds WHERE ds.objoid = {oid} "
        f"AND ds.classoid = '{catalog}'::regclass AND ds.objsubid = {subid})"
    )


def not_extension_member(catalog: str, alias: str) -> str:
    """Not an object an extension created (those belong to the extension, whose version is fingerprinted)."""
    return (
        f"NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '{catalog}'::regclass "
        f"AND d.objid = {alias}.oid AND d.deptype = 'e')"
    )


def objects() -> str:
    """The fingerprint's lines for the schemas, inheritance, views, rules, routines, triggers, policies, types, extended statistics and
    extensions (a ``UNION ALL`` continuation; both schemes print them alike)."""
    return f"""
  UNION ALL
    SELECT 'schema' || ROW(n.nspname, {description("n.oid", "pg_namespace")},
                           {acl("n.nspacl", "n", "n.nspowner")})::text
    FROM pg_namespace n JOIN ns ON ns.oid = n.oid
  UNION ALL
    SELECT 'inherits' || ROW(c.nspname, c.relname, pn.nspname, p.relname, i.inhseqno)::text
    FROM pg_inherits i JOIN rel c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
  UNION ALL
    SELECT 'view' || ROW(c.nspname, c.relname, pg_get_viewdef(c.oid))::text FROM rel c WHERE c.relkind IN ('v', 'm')
  UNION ALL
    SELECT 'rule' || ROW(c.nspname, c.relname, r.rulename, pg_get_ruledef(r.oid), r.ev_enabled,
                         {description("r.oid", "pg_rewrite")})::text
    FROM pg_rewrite r JOIN rel c ON c.oid = r.ev_class WHERE r.rulename <> '_RETURN'
  UNION ALL
    SELECT 'routine' || ROW(ns.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind,
                            CASE WHEN p.prokind = 'a' THEN ROW(a.aggtransfn, a.aggfinalfn, a.aggcombinefn,
                                 format_type(a.aggtranstype, NULL), a.agginitval, a.aggkind,
                                 pg_get_function_result(p.oid))::text
                                 ELSE pg_get_functiondef(p.oid) END,
                            {description("p.oid", "pg_proc")}, {acl("p.proacl", "f", "p.proowner")})::text
    FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
    WHERE {not_extension_member("pg_proc", "p")}
  UNION ALL
    SELECT 'trigger' || ROW(c.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled,
                            {description("t.oid", "pg_trigger")})::text
    FROM pg_trigger t JOIN rel c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal
  UNION ALL
    SELECT 'policy' || ROW(c.nspname, c.relname, p.polname, p.polcmd, p.polpermissive,
                           (SELECT string_agg(g.r, ',' ORDER BY g.r COLLATE "C") FROM (
                               SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r) END AS r
                               FROM unnest(p.polroles) r) g),
                           pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid),
                           {description("p.oid", "pg_policy")})::text
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
                         {description("t.oid", "pg_type")}, {acl("t.typacl", "T", "t.typowner")})::text
    FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
    LEFT JOIN pg_class tr ON tr.oid = t.typrelid
    WHERE t.typtype IN ('e', 'd', 'c', 'r', 'b') AND (t.typrelid = 0 OR tr.relkind = 'c')
      AND NOT (t.typtype = 'b' AND t.typcategory = 'A') AND {not_extension_member("pg_type", "t")}
  UNION ALL
    SELECT 'statistics' || ROW(ns.nspname, s.stxname, pg_get_statisticsobjdef(s.oid),
                               {description("s.oid", "pg_statistic_ext")})::text
    FROM pg_statistic_ext s JOIN ns ON ns.oid = s.stxnamespace
  UNION ALL
    SELECT 'extension' || ROW(e.extname, e.extversion, n.nspname)::text
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
"""
