"""The catalog queries :mod:`schemawright.inspect.read` runs, one per object kind (``%(schemas)s``: the managed
schemas)."""

# Objects that belong to an extension are the extension's business, not the schema's.
NOT_EXTENSION_MEMBER = """
NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '{catalog}'::regclass
            AND d.objid = {alias}.oid AND d.deptype = 'e')
"""

TABLES = f"""
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
  AND {NOT_EXTENSION_MEMBER.format(catalog="pg_class", alias="c")}
"""

COLUMNS = """
SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(ad.adbin, ad.adrelid), a.attgenerated, a.attidentity, a.attislocal
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(%(schemas)s) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY n.nspname, c.relname, a.attnum
"""

INDEXES = """
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

CONSTRAINTS = """
SELECT n.nspname, c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid), con.convalidated,
       {enforced}, rn.nspname, rc.relname, con.conparentid <> 0 OR NOT con.conislocal
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE n.nspname = ANY(%(schemas)s) AND con.contype IN ('c', 'f', 'p', 'u', 'x')
"""

# PostgreSQL 18 keeps NOT NULL as a named constraint; its name stays through a column's rename. Local ones only:
# an inherited one is renamed with its parent's.
NOT_NULL_NAMES = """
SELECT n.nspname, c.relname, a.attname, con.conname
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
WHERE n.nspname = ANY(%(schemas)s) AND con.contype = 'n' AND con.conislocal AND con.coninhcount = 0
"""

ENUMS = """
SELECT n.nspname, t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)
FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = ANY(%(schemas)s)
GROUP BY n.nspname, t.typname
"""

COMPOSITE_TYPES = f"""
SELECT n.nspname, t.typname, array_agg(a.attname ORDER BY a.attnum),
       array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE t.typtype = 'c' AND n.nspname = ANY(%(schemas)s) AND {NOT_EXTENSION_MEMBER.format(catalog="pg_type", alias="t")}
GROUP BY n.nspname, t.typname
"""

VIEWS = """
SELECT n.nspname, c.relname, c.relkind, pg_get_viewdef(c.oid), c.reloptions, obj_description(c.oid, 'pg_class')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY(%(schemas)s)
"""

VIEW_DEPENDENCIES = """
SELECT DISTINCT vn.nspname, v.relname, tn.nspname, t.relname
FROM pg_depend d
JOIN pg_rewrite r ON r.oid = d.objid AND d.classid = 'pg_rewrite'::regclass
JOIN pg_class v ON v.oid = r.ev_class
JOIN pg_namespace vn ON vn.oid = v.relnamespace
JOIN pg_class t ON t.oid = d.refobjid AND d.refclassid = 'pg_class'::regclass
JOIN pg_namespace tn ON tn.oid = t.relnamespace
WHERE vn.nspname = ANY(%(schemas)s) AND v.oid <> t.oid
"""

FUNCTIONS = f"""
SELECT n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
       pg_get_functiondef(p.oid)
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = ANY(%(schemas)s) AND p.prokind IN ('f', 'p')
  AND {NOT_EXTENSION_MEMBER.format(catalog="pg_proc", alias="p")}
"""

TRIGGERS = """
SELECT n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid)
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND n.nspname = ANY(%(schemas)s)
"""

POLICIES = """
SELECT schemaname, tablename, policyname, permissive, cmd, roles::text[], qual, with_check
FROM pg_policies WHERE schemaname = ANY(%(schemas)s)
"""

DOMAINS = f"""
SELECT n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod),
       (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
        FROM pg_type bt, pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
        WHERE bt.oid = t.typbasetype AND co.oid = t.typcollation AND t.typcollation <> bt.typcollation),
       t.typnotnull, t.typdefault,
       array(SELECT c.conname::text FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c'
             ORDER BY c.conname),
       array(SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c'
             ORDER BY c.conname)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'd' AND n.nspname = ANY(%(schemas)s)
  AND {NOT_EXTENSION_MEMBER.format(catalog="pg_type", alias="t")}
"""

# Identity sequences belong to their column (migra compares identity options itself).
SEQUENCE_OPTIONS = f"""
SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
       s.seqcache, s.seqcycle
FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND {NOT_EXTENSION_MEMBER.format(catalog="pg_class", alias="c")}
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                  AND d.deptype = 'i')
"""

COMMENTS = f"""
SELECT n.nspname, c.relname, coalesce(a.attname, ''), c.relkind::text, d.description
FROM pg_description d
JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON d.objsubid > 0 AND a.attrelid = c.oid AND a.attnum = d.objsubid
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname = ANY(%(schemas)s)
  AND (d.objsubid = 0 OR a.attname IS NOT NULL)
  AND {NOT_EXTENSION_MEMBER.format(catalog="pg_class", alias="c")}
"""

# Only ACLs that were changed from the default (a NULL ACL means the built-in defaults: nothing granted).
PRIVILEGES = f"""
SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, n.nspname, c.relname, '',
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname = ANY(%(schemas)s) AND a.grantee <> c.relowner
  AND {NOT_EXTENSION_MEMBER.format(catalog="pg_class", alias="c")}
UNION ALL
SELECT 'TABLE', n.nspname, c.relname, at.attname,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type
FROM pg_attribute at JOIN pg_class c ON c.oid = at.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace,
     aclexplode(at.attacl) a
WHERE at.attnum > 0 AND NOT at.attisdropped AND n.nspname = ANY(%(schemas)s) AND a.grantee <> c.relowner
  AND {NOT_EXTENSION_MEMBER.format(catalog="pg_class", alias="c")}
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, n.nspname,
       p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', '',
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, aclexplode(p.proacl) a
WHERE p.prokind IN ('f', 'p') AND n.nspname = ANY(%(schemas)s) AND a.grantee <> p.proowner
  AND {NOT_EXTENSION_MEMBER.format(catalog="pg_proc", alias="p")}
"""

# The owner of every object PRIVILEGES can name, keyed as it keys them.
OWNERS = f"""
SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, n.nspname, c.relname, pg_get_userbyid(c.relowner)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname = ANY(%(schemas)s)
  AND {NOT_EXTENSION_MEMBER.format(catalog="pg_class", alias="c")}
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, n.nspname,
       p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', pg_get_userbyid(p.proowner)
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p') AND n.nspname = ANY(%(schemas)s)
  AND {NOT_EXTENSION_MEMBER.format(catalog="pg_proc", alias="p")}
"""

SEQUENCES = f"""
SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'S' AND n.nspname = ANY(%(schemas)s)
  AND {NOT_EXTENSION_MEMBER.format(catalog="pg_class", alias="c")}
"""


DEPENDENCIES = """
SELECT o.type, o.object_names, r.type, r.object_names
FROM pg_depend d,
     pg_identify_object_as_address(d.classid, d.objid, d.objsubid) o,
     pg_identify_object_as_address(d.refclassid, d.refobjid, d.refobjsubid) r
WHERE d.deptype IN ('n', 'a') AND d.objid >= 16384 AND d.refobjid >= 16384
"""

EXTENSIONS = (
    "SELECT e.extname, e.extversion, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
)

# Which of the functions column defaults call are volatile (by name: any overload counts).
VOLATILE_FUNCTIONS = (
    "SELECT proname FROM pg_proc WHERE proname = ANY(%s) GROUP BY proname HAVING bool_or(provolatile = 'v')"
)
