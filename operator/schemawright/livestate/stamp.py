"""The catalog stamp: a digest that changes whenever any DDL changes the database's catalogs, in any schema.

The fingerprint (:mod:`.fingerprint`) says what the managed schemas hold, as the planner compares them; what a
full inspection reads goes a little further (dependency edges to objects in other schemas, the volatility of
functions a default calls, collations, owners). A live inspection kept for reuse is keyed by both, so that
neither a change the fingerprint does not describe nor one outside the managed schemas is ever hidden.

Every DDL statement inserts, updates or deletes catalog rows, and a row written by a transaction carries that
transaction's id (``xmin``), newer than every row already there. So per catalog, the number of user rows (OID
at least 16384) with the sum and the maximum of their ``xmin`` change with every committed DDL: a new or
updated row raises the sum or the maximum, a removed one lowers the count. Statistics and data never change
these catalogs' rows transactionally (ANALYZE and VACUUM update ``pg_class`` in place), so a database that only
receives writes keeps its stamp. One query, about 50 ms at 1000 tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

    Conn = psycopg.Connection[tuple[Any, ...]]

# (catalog, the column that holds the OID of the object a row describes): every per-database catalog that
# describes a schema object. pg_depend rows count by the dependent object; their referenced side is the same row.
_CATALOGS = (
    ("pg_namespace", "oid"),
    ("pg_class", "oid"),
    ("pg_attribute", "attrelid"),
    ("pg_attrdef", "oid"),
    ("pg_constraint", "oid"),
    ("pg_index", "indexrelid"),
    ("pg_inherits", "inhrelid"),
    ("pg_partitioned_table", "partrelid"),
    ("pg_sequence", "seqrelid"),
    ("pg_rewrite", "oid"),
    ("pg_trigger", "oid"),
    ("pg_policy", "oid"),
    ("pg_proc", "oid"),
    ("pg_aggregate", "aggfnoid"),
    ("pg_type", "oid"),
    ("pg_enum", "oid"),
    ("pg_range", "rngtypid"),
    ("pg_collation", "oid"),
    ("pg_statistic_ext", "oid"),
    ("pg_description", "objoid"),
    ("pg_depend", "objid"),
    ("pg_extension", "oid"),
    ("pg_default_acl", "oid"),
    ("pg_init_privs", "objoid"),
    ("pg_foreign_table", "ftrelid"),
    ("pg_event_trigger", "oid"),
    ("pg_opclass", "oid"),
    ("pg_opfamily", "oid"),
    ("pg_operator", "oid"),
    ("pg_cast", "oid"),
    ("pg_language", "oid"),
)

QUERY = (
    "SELECT current_database() || ':' || (SELECT oid FROM pg_database WHERE datname = current_database()) || ':' "
    "|| md5(string_agg(concat_ws(':', c, n, s, m), ',' ORDER BY c)) FROM ("
    + " UNION ALL ".join(
        f"SELECT '{catalog}', count(*), sum(xmin::text::bigint), max(xmin::text::bigint) FROM {catalog} "
        f"WHERE {column} >= 16384"
        for catalog, column in _CATALOGS
    )
    + ") AS per_catalog(c, n, s, m)"
)


def catalog_stamp(conn: Conn) -> str:
    """The database's name, OID and catalog stamp: equal only while no DDL has been committed in it since."""
    row = conn.execute(QUERY).fetchone()
    return str(row[0]) if row else ""
