"""The statement-kind table: a row per kind of statement the parser knows, and what the guard does with it.

Pure data. The guard decides from it (:mod:`schemawright.guard.check`): a kind is ``ALLOWED`` as written,
``CHECKED`` (allowed when its checks pass, ``when`` says what they require) or ``REFUSED`` (``rule`` and
``reason``: why, and what to do instead). A kind without a row is refused as "not on the allow-list" under the
rule ``statement-kind:<kind>``. docs/sql-allow-list.md is generated from this table
(``python scripts/gen_guard_docs.py``), and the classifier names plan steps with its ``step`` column.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from schemawright.guard import reasons

Decision = Literal["allowed", "checked", "refused"]
ALLOWED: Decision = "allowed"
CHECKED: Decision = "checked"
REFUSED: Decision = "refused"
Effect = Literal["definition", "setting", "privilege", "ownership", "data"]


@dataclasses.dataclass(frozen=True)
class StatementKind:
    """One kind of statement (a parse-tree node) and what the guard, the shadow and the planner do with it."""

    node: str  # the parse-tree node: postgast.parse(sql).stmts[i].stmt.WhichOneof("node")
    words: str  # the kind in SQL words; kinds.py names some from the statement (CREATE UNIQUE INDEX CONCURRENTLY)
    decision: Decision  # at the top level of a script
    rule: str = ""  # refused (or refused when its checks fail) under this rule; "" = statement-kind:<kind>
    reason: reasons.Reason | None = None  # why, and what to do instead; None = not on the allow-list
    in_body: bool = False  # allowed inside function bodies (data changes are what trigger functions do)
    shadow: Effect = "definition"  # what the shadow build does with an accepted one (see accepted.Statement)
    step: str = ""  # the kind a plan step shows (classify); "" = named from the statement or the node
    when: str = ""  # checked: what the checks require (for the docs)


STATEMENT_KINDS: tuple[StatementKind, ...] = (
    StatementKind(
        "create_stmt",
        "CREATE [UNLOGGED] TABLE [... PARTITION OF]",
        CHECKED,
        step="CREATE TABLE",
        when="not `TEMPORARY`; no `TABLESPACE`",
    ),
    StatementKind(
        "alter_table_stmt",
        "ALTER TABLE / INDEX / VIEW / MATERIALIZED VIEW / SEQUENCE / TYPE",
        CHECKED,
        when=(
            "of tables, indexes, views, materialized views, sequences and composite types; no `SET TABLESPACE`, no "
            "foreign-table `OPTIONS`; `OWNER TO` stands alone in its statement"
        ),
    ),
    StatementKind(
        "drop_stmt",
        "DROP <object>",
        CHECKED,
        when="of schema objects (not roles, databases, tablespaces, ...); `DROP EXTENSION` of allowed extensions only",
    ),
    StatementKind("rename_stmt", "ALTER <object> ... RENAME", CHECKED, when="of schema objects"),
    StatementKind(
        "alter_object_schema_stmt",
        "ALTER <object> ... SET SCHEMA",
        CHECKED,
        when="of schema objects, not into a system schema",
    ),
    StatementKind(
        "alter_owner_stmt",
        "ALTER <object> ... OWNER TO",
        CHECKED,
        shadow="ownership",
        when="of schema objects; accepted and not applied (ownership is not managed)",
    ),
    StatementKind("index_stmt", "CREATE [UNIQUE] INDEX [CONCURRENTLY]", CHECKED, when="no `TABLESPACE`"),
    StatementKind(
        "view_stmt",
        "CREATE VIEW",
        CHECKED,
        step="CREATE VIEW",
        when="not `TEMPORARY`; no data-modifying `WITH`",
    ),
    StatementKind(
        "create_table_as_stmt",
        "CREATE MATERIALIZED VIEW, CREATE TABLE ... AS",
        CHECKED,
        step="CREATE MATERIALIZED VIEW",
        when=(
            "`CREATE MATERIALIZED VIEW` only (`CREATE TABLE ... AS`: rule `create-table-as`); not `TEMPORARY`; no "
            "`TABLESPACE`; no data-modifying `WITH`"
        ),
    ),
    StatementKind("create_seq_stmt", "CREATE SEQUENCE", CHECKED, step="CREATE SEQUENCE", when="not `TEMPORARY`"),
    StatementKind("alter_seq_stmt", "ALTER SEQUENCE", ALLOWED, step="ALTER SEQUENCE"),
    StatementKind("create_enum_stmt", "CREATE TYPE ... AS ENUM", ALLOWED, step="CREATE TYPE"),
    StatementKind("alter_enum_stmt", "ALTER TYPE ... VALUE", ALLOWED),
    StatementKind("composite_type_stmt", "CREATE TYPE ... AS (composite)", ALLOWED, step="CREATE TYPE"),
    StatementKind("create_range_stmt", "CREATE TYPE ... AS RANGE", ALLOWED, step="CREATE TYPE"),
    StatementKind("create_domain_stmt", "CREATE DOMAIN", ALLOWED, step="CREATE DOMAIN"),
    StatementKind("alter_domain_stmt", "ALTER DOMAIN", ALLOWED),
    StatementKind(
        "create_function_stmt",
        "CREATE FUNCTION, CREATE PROCEDURE",
        CHECKED,
        step="CREATE FUNCTION",
        when=(
            "`LANGUAGE sql` or `plpgsql`; `SECURITY DEFINER` with `SET search_path`; only harmless `SET` clauses; no "
            "`LEAKPROOF`; the body is checked"
        ),
    ),
    StatementKind(
        "alter_function_stmt",
        "ALTER FUNCTION",
        CHECKED,
        when="`SECURITY DEFINER` with `SET search_path`; only harmless `SET` clauses; no `LEAKPROOF`",
    ),
    StatementKind("create_trig_stmt", "CREATE [CONSTRAINT] TRIGGER", ALLOWED, step="CREATE TRIGGER"),
    StatementKind("create_policy_stmt", "CREATE POLICY", ALLOWED, step="CREATE POLICY"),
    StatementKind("alter_policy_stmt", "ALTER POLICY", ALLOWED, step="ALTER POLICY"),
    StatementKind("comment_stmt", "COMMENT ON <object>", CHECKED, step="COMMENT", when="on schema objects only"),
    StatementKind(
        "create_schema_stmt",
        "CREATE SCHEMA",
        CHECKED,
        step="CREATE SCHEMA",
        when=(
            "named (`AUTHORIZATION role` is ignored like `OWNER TO`); its embedded statements are checked; the shadow "
            "runs it as `CREATE SCHEMA IF NOT EXISTS`"
        ),
    ),
    StatementKind(
        "create_extension_stmt",
        "CREATE EXTENSION",
        CHECKED,
        step="CREATE EXTENSION",
        when=(
            "on the extension allow-list (default plus `--allow-extension`); no `CASCADE`; the shadow runs it as `IF "
            "NOT EXISTS`; `plpgsql` is accepted and skipped"
        ),
    ),
    StatementKind(
        "alter_extension_stmt",
        "ALTER EXTENSION",
        CHECKED,
        step="ALTER EXTENSION UPDATE",
        when="of an allowed extension",
    ),
    StatementKind(
        "grant_stmt",
        "GRANT, REVOKE",
        CHECKED,
        shadow="privilege",
        step="GRANT",
        when=(
            "on tables, columns, sequences, functions, procedures, schemas, types and domains; to named roles, not "
            "`PUBLIC`; not on system objects"
        ),
    ),
    StatementKind("create_stats_stmt", "CREATE STATISTICS", ALLOWED),
    StatementKind("alter_stats_stmt", "ALTER STATISTICS", ALLOWED),
    StatementKind(
        "define_stmt",
        "CREATE AGGREGATE / OPERATOR / COLLATION / TEXT SEARCH ... / TYPE (base)",
        CHECKED,
        when=(
            "collations, aggregates, operators, text search configurations and dictionaries (not base types, text "
            "search parsers or templates); the functions they name are checked"
        ),
    ),
    StatementKind("alter_collation_stmt", "ALTER COLLATION", ALLOWED),
    StatementKind("create_op_class_stmt", "CREATE OPERATOR CLASS", ALLOWED),
    StatementKind("create_op_family_stmt", "CREATE OPERATOR FAMILY", ALLOWED),
    StatementKind("alter_op_family_stmt", "ALTER OPERATOR FAMILY", ALLOWED),
    StatementKind("alter_operator_stmt", "ALTER OPERATOR", ALLOWED),
    StatementKind("alter_tsconfiguration_stmt", "ALTER TEXT SEARCH CONFIGURATION", ALLOWED),
    StatementKind("alter_tsdictionary_stmt", "ALTER TEXT SEARCH DICTIONARY", ALLOWED),
    StatementKind("create_cast_stmt", "CREATE CAST", ALLOWED),
    StatementKind(
        "variable_set_stmt",
        "SET, RESET",
        CHECKED,
        shadow="setting",
        step="VARIABLE SET",
        when=(
            "only the settings a pg_dump preamble writes, and `search_path` (else rule `session-setting`; "
            "`SET ROLE`, `SET SESSION AUTHORIZATION`: `set-role`; `SET TRANSACTION`: `transaction-control`)"
        ),
    ),
    StatementKind(
        "select_stmt",
        "SELECT, VALUES, SELECT INTO",
        CHECKED,
        rule="top-level-query",
        reason=reasons.SELECT,
        in_body=True,
        when="only pg_dump's `SELECT pg_catalog.set_config('search_path', '...', false)`",
    ),
    StatementKind(
        "insert_stmt",
        "INSERT",
        CHECKED,
        rule="data-change",
        reason=reasons.DML,
        in_body=True,
        shadow="data",
        when="only rows of constants (accepted, not applied)",
    ),
    StatementKind(
        "update_stmt",
        "UPDATE",
        REFUSED,
        rule="data-change",
        reason=reasons.DML,
        in_body=True,
        step="UPDATE",
    ),
    StatementKind("delete_stmt", "DELETE", REFUSED, rule="data-change", reason=reasons.DML, in_body=True),
    StatementKind("merge_stmt", "MERGE", REFUSED, rule="data-change", reason=reasons.DML, in_body=True),
    StatementKind("return_stmt", "RETURN", REFUSED, rule="top-level-query", reason=reasons.SELECT, in_body=True),
    StatementKind("copy_stmt", "COPY", REFUSED, rule="copy", reason=reasons.COPY),
    StatementKind("do_stmt", "DO block", REFUSED, rule="do-block", reason=reasons.DO),
    StatementKind("alter_system_stmt", "ALTER SYSTEM", REFUSED, rule="server-config", reason=reasons.ALTER_SYSTEM),
    StatementKind(
        "create_role_stmt",
        "CREATE ROLE / USER / GROUP",
        REFUSED,
        rule="role-management",
        reason=reasons.ROLE,
    ),
    StatementKind("alter_role_stmt", "ALTER ROLE", REFUSED, rule="role-management", reason=reasons.ROLE),
    StatementKind("alter_role_set_stmt", "ALTER ROLE ... SET", REFUSED, rule="role-management", reason=reasons.ROLE),
    StatementKind("drop_role_stmt", "DROP ROLE", REFUSED, rule="role-management", reason=reasons.ROLE),
    StatementKind("grant_role_stmt", "GRANT role membership", REFUSED, rule="role-management", reason=reasons.ROLE),
    StatementKind("reassign_owned_stmt", "REASSIGN OWNED", REFUSED, rule="role-management", reason=reasons.ROLE),
    StatementKind("drop_owned_stmt", "DROP OWNED", REFUSED, rule="role-management", reason=reasons.ROLE),
    StatementKind("createdb_stmt", "CREATE DATABASE", REFUSED, rule="database", reason=reasons.DATABASE),
    StatementKind("alter_database_stmt", "ALTER DATABASE", REFUSED, rule="database", reason=reasons.DATABASE),
    StatementKind(
        "alter_database_set_stmt",
        "ALTER DATABASE ... SET",
        REFUSED,
        rule="database",
        reason=reasons.DATABASE,
    ),
    StatementKind(
        "alter_database_refresh_coll_stmt",
        "ALTER DATABASE ... REFRESH COLLATION VERSION",
        REFUSED,
        rule="database",
        reason=reasons.DATABASE,
    ),
    StatementKind("dropdb_stmt", "DROP DATABASE", REFUSED, rule="database", reason=reasons.DATABASE),
    StatementKind(
        "create_table_space_stmt",
        "CREATE TABLESPACE",
        REFUSED,
        rule="tablespace",
        reason=reasons.TABLESPACE,
    ),
    StatementKind("drop_table_space_stmt", "DROP TABLESPACE", REFUSED, rule="tablespace", reason=reasons.TABLESPACE),
    StatementKind(
        "alter_table_space_options_stmt",
        "ALTER TABLESPACE",
        REFUSED,
        rule="tablespace",
        reason=reasons.TABLESPACE,
    ),
    StatementKind(
        "alter_table_move_all_stmt",
        "ALTER TABLE ALL IN TABLESPACE",
        REFUSED,
        rule="tablespace",
        reason=reasons.TABLESPACE,
    ),
    StatementKind("create_plang_stmt", "CREATE LANGUAGE", REFUSED, rule="create-language", reason=reasons.LANGUAGE),
    StatementKind("load_stmt", "LOAD", REFUSED, rule="load-library", reason=reasons.LOAD),
    StatementKind(
        "create_fdw_stmt",
        "CREATE FOREIGN DATA WRAPPER",
        REFUSED,
        rule="foreign-data",
        reason=reasons.FOREIGN,
    ),
    StatementKind("alter_fdw_stmt", "ALTER FOREIGN DATA WRAPPER", REFUSED, rule="foreign-data", reason=reasons.FOREIGN),
    StatementKind("create_foreign_server_stmt", "CREATE SERVER", REFUSED, rule="foreign-data", reason=reasons.FOREIGN),
    StatementKind("alter_foreign_server_stmt", "ALTER SERVER", REFUSED, rule="foreign-data", reason=reasons.FOREIGN),
    StatementKind(
        "create_foreign_table_stmt",
        "CREATE FOREIGN TABLE",
        REFUSED,
        rule="foreign-data",
        reason=reasons.FOREIGN,
    ),
    StatementKind(
        "create_user_mapping_stmt",
        "CREATE USER MAPPING",
        REFUSED,
        rule="foreign-data",
        reason=reasons.FOREIGN,
    ),
    StatementKind(
        "alter_user_mapping_stmt",
        "ALTER USER MAPPING",
        REFUSED,
        rule="foreign-data",
        reason=reasons.FOREIGN,
    ),
    StatementKind("drop_user_mapping_stmt", "DROP USER MAPPING", REFUSED, rule="foreign-data", reason=reasons.FOREIGN),
    StatementKind(
        "import_foreign_schema_stmt",
        "IMPORT FOREIGN SCHEMA",
        REFUSED,
        rule="foreign-data",
        reason=reasons.FOREIGN,
    ),
    StatementKind(
        "create_publication_stmt",
        "CREATE PUBLICATION",
        REFUSED,
        rule="replication",
        reason=reasons.REPLICATION,
    ),
    StatementKind(
        "alter_publication_stmt",
        "ALTER PUBLICATION",
        REFUSED,
        rule="replication",
        reason=reasons.REPLICATION,
    ),
    StatementKind(
        "create_subscription_stmt",
        "CREATE SUBSCRIPTION",
        REFUSED,
        rule="replication",
        reason=reasons.REPLICATION,
    ),
    StatementKind(
        "alter_subscription_stmt",
        "ALTER SUBSCRIPTION",
        REFUSED,
        rule="replication",
        reason=reasons.REPLICATION,
    ),
    StatementKind(
        "drop_subscription_stmt",
        "DROP SUBSCRIPTION",
        REFUSED,
        rule="replication",
        reason=reasons.REPLICATION,
    ),
    StatementKind(
        "transaction_stmt",
        "BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ...",
        REFUSED,
        rule="transaction-control",
        reason=reasons.TRANSACTION,
    ),
    StatementKind("vacuum_stmt", "VACUUM, ANALYZE", REFUSED, rule="maintenance", reason=reasons.MAINTENANCE),
    StatementKind("cluster_stmt", "CLUSTER", REFUSED, rule="maintenance", reason=reasons.MAINTENANCE),
    StatementKind("reindex_stmt", "REINDEX", REFUSED, rule="maintenance", reason=reasons.MAINTENANCE),
    StatementKind("check_point_stmt", "CHECKPOINT", REFUSED, rule="maintenance", reason=reasons.MAINTENANCE),
    StatementKind("truncate_stmt", "TRUNCATE", REFUSED, rule="data-change", reason=reasons.TRUNCATE, in_body=True),
    StatementKind("listen_stmt", "LISTEN", REFUSED, rule="session-command", reason=reasons.MESSAGING),
    StatementKind("unlisten_stmt", "UNLISTEN", REFUSED, rule="session-command", reason=reasons.MESSAGING),
    StatementKind("notify_stmt", "NOTIFY", REFUSED, rule="session-command", reason=reasons.MESSAGING, in_body=True),
    StatementKind("prepare_stmt", "PREPARE", REFUSED, rule="session-command", reason=reasons.PREPARED),
    StatementKind("execute_stmt", "EXECUTE", REFUSED, rule="session-command", reason=reasons.PREPARED),
    StatementKind("deallocate_stmt", "DEALLOCATE", REFUSED, rule="session-command", reason=reasons.PREPARED),
    StatementKind("call_stmt", "CALL", REFUSED, rule="session-command", reason=reasons.CALL, in_body=True),
    StatementKind("lock_stmt", "LOCK", REFUSED, rule="session-command", reason=reasons.LOCK, in_body=True),
    StatementKind("explain_stmt", "EXPLAIN", REFUSED, rule="session-command", reason=reasons.SESSION),
    StatementKind("variable_show_stmt", "SHOW", REFUSED, rule="session-command", reason=reasons.SESSION),
    StatementKind("discard_stmt", "DISCARD", REFUSED, rule="session-command", reason=reasons.SESSION),
    StatementKind("constraints_set_stmt", "SET CONSTRAINTS", REFUSED, rule="session-command", reason=reasons.SESSION),
    StatementKind("declare_cursor_stmt", "DECLARE CURSOR", REFUSED, rule="session-command", reason=reasons.SESSION),
    StatementKind("fetch_stmt", "FETCH", REFUSED, rule="session-command", reason=reasons.SESSION),
    StatementKind("close_portal_stmt", "CLOSE", REFUSED, rule="session-command", reason=reasons.SESSION),
    StatementKind("sec_label_stmt", "SECURITY LABEL", REFUSED, rule="security-label", reason=reasons.SECURITY_LABEL),
    StatementKind(
        "create_event_trig_stmt",
        "CREATE EVENT TRIGGER",
        REFUSED,
        rule="event-trigger",
        reason=reasons.EVENT_TRIGGER,
    ),
    StatementKind(
        "alter_event_trig_stmt",
        "ALTER EVENT TRIGGER",
        REFUSED,
        rule="event-trigger",
        reason=reasons.EVENT_TRIGGER,
    ),
    StatementKind(
        "alter_default_privileges_stmt",
        "ALTER DEFAULT PRIVILEGES",
        REFUSED,
        rule="default-privileges",
        reason=reasons.DEFAULT_PRIVILEGES,
    ),
    StatementKind("rule_stmt", "CREATE RULE", REFUSED, rule="create-rule", reason=reasons.RULE),
    StatementKind(
        "refresh_mat_view_stmt",
        "REFRESH MATERIALIZED VIEW",
        REFUSED,
        rule="refresh-materialized-view",
        reason=reasons.REFRESH,
        step="REFRESH MATERIALIZED VIEW",
    ),
    StatementKind("alter_extension_contents_stmt", "ALTER EXTENSION ... ADD/DROP", REFUSED),
    StatementKind("create_conversion_stmt", "CREATE CONVERSION", REFUSED),
    StatementKind("create_transform_stmt", "CREATE TRANSFORM", REFUSED),
    StatementKind("create_am_stmt", "CREATE ACCESS METHOD", REFUSED),
    StatementKind("alter_type_stmt", "ALTER TYPE ... SET", REFUSED),
    StatementKind("alter_object_depends_stmt", "ALTER ... DEPENDS ON EXTENSION", REFUSED),
)

BY_NODE: dict[str, StatementKind] = {row.node: row for row in STATEMENT_KINDS}


def step_kind(node: str) -> str:
    """The kind a plan step shows for a statement of ``node`` when the classifier names it no better:
    the table's ``step`` column, else the node's own name (``create_trig_stmt`` → ``CREATE TRIG``)."""
    row = BY_NODE.get(node)
    return row.step if row is not None and row.step else node.removesuffix("_stmt").replace("_", " ").upper()
