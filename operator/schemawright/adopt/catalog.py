"""Read what ``schemawright init`` writes as YAML: the tables, enums and extensions of a live database, and
which tables the document format can say completely.

A table goes to YAML only when everything about it has a place there; anything else (inheritance,
partitions, storage options, collations, deferrable or NOT VALID constraints, defaults or checks that call
the schema's own functions or sequences, a foreign key to a table that stays in SQL…) keeps the whole table in
``spec.sql``, as pg_dump prints it. Being conservative costs nothing: SQL plans exactly like YAML.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg

Row = tuple[Any, ...]

_TABLES = """
SELECT c.oid, n.nspname, c.relname, obj_description(c.oid, 'pg_class'), c.relrowsecurity, c.relforcerowsecurity,
       c.relkind = 'r' AND NOT c.relispartition AND c.relpersistence = 'p' AND c.reloptions IS NULL
       AND c.reloftype = 0 AND c.reltablespace = 0
       AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid OR i.inhparent = c.oid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                  AND d.deptype = 'e')
ORDER BY n.nspname, c.relname
"""

_COLUMNS = """
SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid),
       a.attgenerated, a.attidentity, col_description(a.attrelid, a.attnum),
       -- what YAML cannot say about a column
       (a.attcollation <> 0 AND a.attcollation <> t.typcollation) OR a.attstorage <> t.typstorage
       OR a.attcompression <> '' OR coalesce(a.attstattarget, -1) <> -1  -- the default: NULL from 17 on, -1 before
       OR (tn.nspname = ANY(%(schemas)s) AND t.typtype NOT IN ('e', 'b'))
       OR (et.oid IS NOT NULL AND etn.nspname = ANY(%(schemas)s) AND et.typtype <> 'e'),
       tn.nspname = ANY(%(schemas)s) AND t.typtype = 'e',
       s.seqrelid IS NOT NULL AND (sc.relname <> left(c.relname || '_' || a.attname, 59) || '_seq'
           OR s.seqstart <> 1 OR s.seqincrement <> 1 OR s.seqcache <> 1 OR s.seqmin <> 1 OR s.seqcycle
           OR s.seqmax <> CASE format_type(s.seqtypid, NULL) WHEN 'smallint' THEN 32767
                                                            WHEN 'integer' THEN 2147483647
                                                            ELSE 9223372036854775807 END
           OR s.seqtypid <> a.atttypid),
       sc.relname,
       -- a serial column: nextval() of a sequence it owns, named and configured the way serial makes it
       (SELECT CASE format_type(a.atttypid, NULL) WHEN 'integer' THEN 'serial' WHEN 'bigint' THEN 'bigserial'
                                                 WHEN 'smallint' THEN 'smallserial' END || ' ' || oc.relname
        FROM pg_depend od JOIN pg_class oc ON oc.oid = od.objid AND oc.relkind = 'S'
        JOIN pg_sequence os ON os.seqrelid = oc.oid
        WHERE od.classid = 'pg_class'::regclass AND od.refobjid = a.attrelid AND od.refobjsubid = a.attnum
          AND od.deptype = 'a' AND a.attidentity = '' AND pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%%'
          AND oc.relname = c.relname || '_' || a.attname || '_seq' AND length(oc.relname) < 64
          AND oc.relnamespace = c.relnamespace AND os.seqtypid = a.atttypid AND os.seqstart = 1
          AND os.seqincrement = 1 AND os.seqcache = 1 AND os.seqmin = 1 AND NOT os.seqcycle
          AND os.seqmax = CASE format_type(os.seqtypid, NULL) WHEN 'smallint' THEN 32767
                                                               WHEN 'integer' THEN 2147483647
                                                               ELSE 9223372036854775807 END
          AND EXISTS (SELECT 1 FROM pg_depend dd WHERE dd.classid = 'pg_attrdef'::regclass AND dd.objid = d.oid
                      AND dd.refobjid = oc.oid))
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_depend sd ON a.attidentity <> '' AND sd.refobjid = a.attrelid AND sd.refobjsubid = a.attnum
     AND sd.classid = 'pg_class'::regclass AND sd.deptype = 'i'
LEFT JOIN pg_class sc ON sc.oid = sd.objid AND sc.relkind = 'S'
LEFT JOIN pg_sequence s ON s.seqrelid = sc.oid
WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(%(schemas)s) AND a.attnum > 0 AND NOT a.attisdropped
  AND (sd.objid IS NULL OR sc.oid IS NOT NULL)
ORDER BY a.attrelid, a.attnum
"""

# Objects of a table (defaults, constraints, indexes, policies) that depend on the schema's own functions,
# sequences, collations or non-enum types: they need spec.sql, which runs after the YAML.
_OWN_DEPENDENCIES = """
WITH parts AS (
    SELECT 'pg_attrdef'::regclass AS classid, oid AS objid, adrelid AS relid FROM pg_attrdef
    UNION ALL SELECT 'pg_constraint'::regclass, oid, conrelid FROM pg_constraint WHERE conrelid <> 0
    UNION ALL SELECT 'pg_class'::regclass, indexrelid, indrelid FROM pg_index
    UNION ALL SELECT 'pg_policy'::regclass, oid, polrelid FROM pg_policy
)
SELECT DISTINCT p.relid, d.refobjid,
       d.refclassid = 'pg_class'::regclass AND p.classid = 'pg_attrdef'::regclass
FROM parts p JOIN pg_depend d ON d.classid = p.classid AND d.objid = p.objid
WHERE d.deptype = 'n' AND (
    (d.refclassid = 'pg_proc'::regclass AND EXISTS (
        SELECT 1 FROM pg_proc f JOIN pg_namespace fn ON fn.oid = f.pronamespace
        WHERE f.oid = d.refobjid AND fn.nspname <> 'pg_catalog'))
    OR (d.refclassid = 'pg_class'::regclass AND EXISTS (
        SELECT 1 FROM pg_class r WHERE r.oid = d.refobjid AND r.relkind IN ('S', 'v', 'm')))
    OR (d.refclassid = 'pg_collation'::regclass AND d.refobjid <> 100)
    OR (d.refclassid = 'pg_type'::regclass AND EXISTS (
        SELECT 1 FROM pg_type ty JOIN pg_namespace tyn ON tyn.oid = ty.typnamespace
        WHERE ty.oid = d.refobjid AND tyn.nspname = ANY(%(schemas)s) AND ty.typtype <> 'e'))
)
"""

_CONSTRAINTS = """
SELECT con.conrelid, con.conname, con.contype, pg_get_constraintdef(con.oid), con.condeferrable,
       con.convalidated, con.connoinherit, {enforced}, con.confrelid, con.confmatchtype, con.confupdtype,
       con.confdeltype, con.confdelsetcols IS NOT NULL,
       (SELECT array_agg(a.attname ORDER BY k.n) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, n)
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
       (SELECT array_agg(a.attname ORDER BY k.n) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, n)
        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),
       ix.indnatts <> ix.indnkeyatts OR ixc.reloptions IS NOT NULL OR ixc.reltablespace <> 0,
       coalesce(ix.indnullsnotdistinct, false)
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_index ix ON ix.indexrelid = con.conindid AND con.contype IN ('p', 'u')
LEFT JOIN pg_class ixc ON ixc.oid = ix.indexrelid
WHERE n.nspname = ANY(%(schemas)s) AND con.contype IN ('p', 'u', 'c', 'f', 'x') AND con.conparentid = 0
ORDER BY con.conrelid, con.conname
"""

_INDEXES = """
SELECT i.indrelid, ic.relname, am.amname, i.indisunique, i.indnullsnotdistinct, i.indnkeyatts,
       i.indkey::int2[], i.indoption::int2[], pg_get_expr(i.indpred, i.indrelid),
       i.indisvalid AND ic.reloptions IS NULL AND ic.reltablespace = 0
       AND NOT EXISTS (SELECT 1 FROM unnest(i.indcollation) k(coll) WHERE k.coll NOT IN (0, 100))
       AND am.amname IN ('btree', 'hash', 'gin', 'gist', 'brin', 'spgist'),
       ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnatts) k),
       ARRAY(SELECT CASE WHEN oc.opcdefault THEN '' ELSE quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname)
                    END
             FROM unnest(i.indclass) WITH ORDINALITY k(opc, n)
             JOIN pg_opclass oc ON oc.oid = k.opc JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace ORDER BY k.n)
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid
JOIN pg_namespace n ON n.oid = tc.relnamespace JOIN pg_am am ON am.oid = ic.relam
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p','u','x'))
ORDER BY i.indrelid, ic.relname
"""

_POLICIES = """
SELECT p.polrelid, p.polname, p.polcmd, p.polpermissive,
       ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r) END FROM unnest(p.polroles) r),
       pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s)
ORDER BY p.polrelid, p.polname
"""

_ENUMS = """
SELECT n.nspname, t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)
FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid
                  AND d.deptype = 'e')
GROUP BY n.nspname, t.typname ORDER BY 1, 2
"""

_EXTENSIONS = """
SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql' ORDER BY 1
"""

_FK_ACTIONS = {"a": "noAction", "r": "restrict", "c": "cascade", "n": "setNull", "d": "setDefault"}
_POLICY_COMMANDS = {"*": "all", "r": "select", "a": "insert", "w": "update", "d": "delete"}


@dataclass
class AdoptedTable:
    """A table as YAML says it (``document``), or why it stays in SQL (``sql_reasons``)."""

    schema: str
    name: str
    document: dict[str, Any]
    sql_reasons: list[str] = field(default_factory=list)
    indexes: list[str] = field(default_factory=list)  # index names (for the SQL that is left over)
    identity_sequences: list[str] = field(default_factory=list)
    serial_sequences: list[str] = field(default_factory=list)
    references: set[int] = field(default_factory=set)  # oids of tables its foreign keys reference

    @property
    def in_yaml(self) -> bool:
        """True when the whole table is said in YAML."""
        return not self.sql_reasons


@dataclass
class Adopted:
    """What the YAML of an adopted database holds."""

    tables: list[AdoptedTable]
    enums: list[dict[str, Any]]
    extensions: list[tuple[str, str]]  # (name, schema)


def read(conn: psycopg.Connection[Row], schemas: Sequence[str]) -> Adopted:
    """Read the managed ``schemas`` of the database behind ``conn``."""
    params = {"schemas": list(schemas)}

    def rows(query: str) -> list[Row]:
        return conn.execute(query.encode(), params).fetchall()

    by_oid: dict[int, AdoptedTable] = {}
    for oid, schema, name, comment, rls, force, simple in rows(_TABLES):
        table = AdoptedTable(schema, name, {"name": name, "schema": schema})
        if comment is not None:
            table.document["comment"] = comment
        if not simple:
            table.sql_reasons.append("partitioned, a partition, inherited, typed, unlogged or with storage options")
        if rls or force:
            table.document["rowLevelSecurity"] = {"enabled": bool(rls), "force": bool(force)}
        by_oid[oid] = table
    _columns(rows(_COLUMNS), by_oid)
    serial_sequences = {(t.schema, s) for t in by_oid.values() for s in t.serial_sequences}
    for relid, ref, from_default in rows(_OWN_DEPENDENCIES):
        if from_default and _sequence_name(conn, ref) in serial_sequences:
            continue  # said in YAML as serial
        if relid in by_oid and not any("own objects" in r for r in by_oid[relid].sql_reasons):
            by_oid[relid].sql_reasons.append("a default, check, index or policy uses the schema's own objects")
    enforced = "con.conenforced" if conn.info.server_version >= 180000 else "true"
    _constraints(rows(_CONSTRAINTS.replace("{enforced}", enforced)), by_oid)
    _indexes(rows(_INDEXES), by_oid)
    _policies(rows(_POLICIES), by_oid)
    # A foreign key to a table that stays in SQL would run before that table exists: follow to a fixpoint.
    changed = True
    while changed:
        changed = False
        for table in by_oid.values():
            if table.in_yaml and any(not by_oid[r].in_yaml for r in table.references if r in by_oid):
                table.sql_reasons.append("references a table that stays in SQL")
                changed = True
    enums = [{"name": n, "schema": s, "values": list(v)} for s, n, v in rows(_ENUMS)]
    return Adopted(
        tables=list(by_oid.values()), enums=enums, extensions=[(str(n), str(s)) for n, s in conn.execute(_EXTENSIONS)]
    )


def _columns(rows: list[Row], by_oid: dict[int, AdoptedTable]) -> None:
    for (
        relid,
        name,
        type_,
        not_null,
        default,
        generated,
        identity,
        comment,
        odd,
        _enum,
        odd_identity,
        seq,
        serial,
    ) in rows:
        table = by_oid.get(relid)
        if table is None:
            continue
        column: dict[str, Any] = {"name": name, "type": type_}
        if serial is not None:
            column["type"], sequence = serial.split(" ", 1)
            table.serial_sequences.append(sequence)
            default = None  # serial says it
        if not_null and not identity:
            column["nullable"] = False
        if identity:
            column["identity"] = "always" if identity == "a" else "byDefault"
            table.identity_sequences.append(seq or "")
        if generated:
            column["generated"] = {"expression": default, "stored": generated == "s"}
        elif default is not None:
            column["default"] = default
        if comment is not None:
            column["comment"] = comment
        if odd or odd_identity:
            table.sql_reasons.append(
                f"column {name}: a collation, storage, statistics target, type or identity YAML cannot say"
            )
        table.document.setdefault("columns", []).append(column)


def _constraints(rows: list[Row], by_oid: dict[int, AdoptedTable]) -> None:
    for (
        relid,
        name,
        kind,
        definition,
        deferrable,
        validated,
        no_inherit,
        enforced,
        ref,
        match,
        upd,
        dele,
        set_cols,
        columns,
        ref_columns,
        index_options,
        nulls_not_distinct,
    ) in rows:
        table = by_oid.get(relid)
        if table is None:
            continue
        if (
            kind == "x"
            or deferrable
            or not validated
            or (no_inherit and kind == "c")
            or index_options
            or set_cols
            or (kind == "f" and match != "s")
        ):
            table.sql_reasons.append(f"constraint {name}: exclusion, deferrable, NOT VALID, NO INHERIT or options")
            continue
        doc = table.document
        if kind == "p":
            doc["primaryKey"] = {"name": name, "columns": list(columns)}
        elif kind == "u":
            unique: dict[str, Any] = {"name": name, "columns": list(columns)}
            if nulls_not_distinct:
                unique["nullsNotDistinct"] = True
            doc.setdefault("uniques", []).append(unique)
        elif kind == "c":
            expression = str(definition).removesuffix(" NOT ENFORCED")
            check: dict[str, Any] = {"name": name, "expression": expression[len("CHECK (") : -1]}
            if not enforced:
                check["enforced"] = False
            doc.setdefault("checks", []).append(check)
        elif kind == "f":
            target = by_oid.get(ref)
            if target is None:
                table.sql_reasons.append(f"constraint {name}: references a table outside the managed schemas")
                continue
            table.references.add(ref)
            fk: dict[str, Any] = {
                "name": name,
                "columns": list(columns),
                "references": {"table": target.name, "schema": target.schema, "columns": list(ref_columns)},
            }
            if dele != "a":
                fk["onDelete"] = _FK_ACTIONS[dele]
            if upd != "a":
                fk["onUpdate"] = _FK_ACTIONS[upd]
            if not enforced:
                fk["enforced"] = False
            doc.setdefault("foreignKeys", []).append(fk)


def _indexes(rows: list[Row], by_oid: dict[int, AdoptedTable]) -> None:
    for (
        relid,
        name,
        method,
        unique,
        nulls_not_distinct,
        key_count,
        keys,
        options,
        where,
        simple,
        texts,
        opclasses,
    ) in rows:
        table = by_oid.get(relid)
        if table is None:
            continue
        table.indexes.append(name)
        if not simple:
            table.sql_reasons.append(
                f"index {name}: invalid, with options, a collation or an access method YAML cannot say"
            )
            continue
        elements = []
        for k in range(key_count):
            element: dict[str, Any] = {"name": _column_name(texts[k])} if keys[k] > 0 else {"expression": texts[k]}
            if opclasses[k]:
                element["opclass"] = opclasses[k]
            if method == "btree":
                desc, nulls_first = bool(options[k] & 1), bool(options[k] & 2)
                if desc:
                    element["order"] = "desc"
                if nulls_first != desc:
                    element["nulls"] = "first" if nulls_first else "last"
            elements.append(element)
        index: dict[str, Any] = {"name": name, "columns": elements}
        if method != "btree":
            index["method"] = method
        if unique:
            index["unique"] = True
        if nulls_not_distinct:
            index["nullsNotDistinct"] = True
        include = [_column_name(t) for t in texts[key_count:]]
        if include:
            index["include"] = include
        if where is not None:
            index["where"] = where
        table.document.setdefault("indexes", []).append(index)


def _sequence_name(conn: psycopg.Connection[Row], oid: int) -> tuple[str, str] | None:
    row = conn.execute(
        "SELECT relnamespace::regnamespace::text, relname FROM pg_class WHERE oid = %s AND relkind = 'S'", (oid,)
    ).fetchone()
    return (str(row[0]).strip('"'), str(row[1])) if row else None


def _column_name(text: str) -> str:
    """A column name as pg_get_indexdef prints it (quoted when it must be)."""
    return text[1:-1].replace('""', '"') if text.startswith('"') else text


def _policies(rows: list[Row], by_oid: dict[int, AdoptedTable]) -> None:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for relid, name, command, permissive, roles, using, with_check in rows:
        policy: dict[str, Any] = {"name": name, "command": _POLICY_COMMANDS[command]}
        if not permissive:
            policy["permissive"] = False
        if list(roles) != ["public"]:
            policy["roles"] = list(roles)
        if using is not None:
            policy["using"] = using
        if with_check is not None:
            policy["withCheck"] = with_check
        grouped[relid].append(policy)
    for relid, policies in grouped.items():
        table = by_oid.get(relid)
        if table is not None:
            rls = table.document.setdefault("rowLevelSecurity", {"enabled": False, "force": False})
            rls["policies"] = policies
