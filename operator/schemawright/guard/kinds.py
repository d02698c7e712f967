"""Statement kinds in SQL words (``CREATE UNIQUE INDEX CONCURRENTLY``, ``DO block``), as messages show them."""

from __future__ import annotations

from collections.abc import Callable

import postgast
from postgast import pg_query_pb2 as pb

from schemawright.guard.objects import OBJ, object_word

_KIND_NAMES: dict[str, str] = {
    "view_stmt": "CREATE VIEW",
    "create_seq_stmt": "CREATE SEQUENCE",
    "alter_seq_stmt": "ALTER SEQUENCE",
    "create_enum_stmt": "CREATE TYPE ... AS ENUM",
    "alter_enum_stmt": "ALTER TYPE ... VALUE",
    "composite_type_stmt": "CREATE TYPE ... AS (composite)",
    "create_range_stmt": "CREATE TYPE ... AS RANGE",
    "create_domain_stmt": "CREATE DOMAIN",
    "alter_domain_stmt": "ALTER DOMAIN",
    "alter_function_stmt": "ALTER FUNCTION",
    "create_policy_stmt": "CREATE POLICY",
    "alter_policy_stmt": "ALTER POLICY",
    "create_schema_stmt": "CREATE SCHEMA",
    "create_extension_stmt": "CREATE EXTENSION",
    "alter_extension_stmt": "ALTER EXTENSION",
    "alter_extension_contents_stmt": "ALTER EXTENSION ... ADD/DROP",
    "create_stats_stmt": "CREATE STATISTICS",
    "alter_stats_stmt": "ALTER STATISTICS",
    "alter_collation_stmt": "ALTER COLLATION",
    "copy_stmt": "COPY",
    "do_stmt": "DO block",
    "alter_system_stmt": "ALTER SYSTEM",
    "createdb_stmt": "CREATE DATABASE",
    "alter_database_stmt": "ALTER DATABASE",
    "alter_database_set_stmt": "ALTER DATABASE ... SET",
    "alter_database_refresh_coll_stmt": "ALTER DATABASE ... REFRESH COLLATION VERSION",
    "dropdb_stmt": "DROP DATABASE",
    "alter_role_stmt": "ALTER ROLE",
    "alter_role_set_stmt": "ALTER ROLE ... SET",
    "drop_role_stmt": "DROP ROLE",
    "grant_role_stmt": "GRANT role membership",
    "reassign_owned_stmt": "REASSIGN OWNED",
    "drop_owned_stmt": "DROP OWNED",
    "create_table_space_stmt": "CREATE TABLESPACE",
    "drop_table_space_stmt": "DROP TABLESPACE",
    "alter_table_space_options_stmt": "ALTER TABLESPACE",
    "alter_table_move_all_stmt": "ALTER TABLE ALL IN TABLESPACE",
    "create_plang_stmt": "CREATE LANGUAGE",
    "load_stmt": "LOAD",
    "create_fdw_stmt": "CREATE FOREIGN DATA WRAPPER",
    "alter_fdw_stmt": "ALTER FOREIGN DATA WRAPPER",
    "create_foreign_server_stmt": "CREATE SERVER",
    "alter_foreign_server_stmt": "ALTER SERVER",
    "create_foreign_table_stmt": "CREATE FOREIGN TABLE",
    "create_user_mapping_stmt": "CREATE USER MAPPING",
    "alter_user_mapping_stmt": "ALTER USER MAPPING",
    "drop_user_mapping_stmt": "DROP USER MAPPING",
    "import_foreign_schema_stmt": "IMPORT FOREIGN SCHEMA",
    "create_publication_stmt": "CREATE PUBLICATION",
    "alter_publication_stmt": "ALTER PUBLICATION",
    "create_subscription_stmt": "CREATE SUBSCRIPTION",
    "alter_subscription_stmt": "ALTER SUBSCRIPTION",
    "drop_subscription_stmt": "DROP SUBSCRIPTION",
    "insert_stmt": "INSERT",
    "update_stmt": "UPDATE",
    "delete_stmt": "DELETE",
    "merge_stmt": "MERGE",
    "return_stmt": "RETURN",
    "truncate_stmt": "TRUNCATE",
    "cluster_stmt": "CLUSTER",
    "reindex_stmt": "REINDEX",
    "check_point_stmt": "CHECKPOINT",
    "listen_stmt": "LISTEN",
    "unlisten_stmt": "UNLISTEN",
    "notify_stmt": "NOTIFY",
    "prepare_stmt": "PREPARE",
    "execute_stmt": "EXECUTE",
    "deallocate_stmt": "DEALLOCATE",
    "call_stmt": "CALL",
    "explain_stmt": "EXPLAIN",
    "variable_show_stmt": "SHOW",
    "discard_stmt": "DISCARD",
    "lock_stmt": "LOCK",
    "constraints_set_stmt": "SET CONSTRAINTS",
    "declare_cursor_stmt": "DECLARE CURSOR",
    "fetch_stmt": "FETCH",
    "close_portal_stmt": "CLOSE",
    "sec_label_stmt": "SECURITY LABEL",
    "create_event_trig_stmt": "CREATE EVENT TRIGGER",
    "alter_event_trig_stmt": "ALTER EVENT TRIGGER",
    "alter_default_privileges_stmt": "ALTER DEFAULT PRIVILEGES",
    "rule_stmt": "CREATE RULE",
    "refresh_mat_view_stmt": "REFRESH MATERIALIZED VIEW",
    "create_cast_stmt": "CREATE CAST",
    "create_conversion_stmt": "CREATE CONVERSION",
    "create_transform_stmt": "CREATE TRANSFORM",
    "create_am_stmt": "CREATE ACCESS METHOD",
    "create_op_class_stmt": "CREATE OPERATOR CLASS",
    "create_op_family_stmt": "CREATE OPERATOR FAMILY",
    "alter_op_family_stmt": "ALTER OPERATOR FAMILY",
    "alter_operator_stmt": "ALTER OPERATOR",
    "alter_type_stmt": "ALTER TYPE ... SET",
    "alter_object_depends_stmt": "ALTER ... DEPENDS ON EXTENSION",
    "alter_tsdictionary_stmt": "ALTER TEXT SEARCH DICTIONARY",
    "alter_tsconfiguration_stmt": "ALTER TEXT SEARCH CONFIGURATION",
}


_TRANSACTION_WORDS: dict[int, str] = {
    pb.TRANS_STMT_BEGIN: "BEGIN",
    pb.TRANS_STMT_START: "START TRANSACTION",
    pb.TRANS_STMT_COMMIT: "COMMIT",
    pb.TRANS_STMT_ROLLBACK: "ROLLBACK",
    pb.TRANS_STMT_SAVEPOINT: "SAVEPOINT",
    pb.TRANS_STMT_RELEASE: "RELEASE SAVEPOINT",
    pb.TRANS_STMT_ROLLBACK_TO: "ROLLBACK TO SAVEPOINT",
    pb.TRANS_STMT_PREPARE: "PREPARE TRANSACTION",
    pb.TRANS_STMT_COMMIT_PREPARED: "COMMIT PREPARED",
    pb.TRANS_STMT_ROLLBACK_PREPARED: "ROLLBACK PREPARED",
}


_ROLE_WORDS: dict[int, str] = {pb.ROLESTMT_ROLE: "ROLE", pb.ROLESTMT_USER: "USER", pb.ROLESTMT_GROUP: "GROUP"}


_SETTING_WORDS: dict[str, str] = {"role": "ROLE", "session_authorization": "SESSION AUTHORIZATION"}


_PERSISTENCE_WORDS: dict[str, str] = {"t": "TEMPORARY ", "u": "UNLOGGED "}


def _kind_create_table(node: pb.Node) -> str:
    stmt = node.create_stmt
    kind = f"CREATE {_PERSISTENCE_WORDS.get(stmt.relation.relpersistence, '')}TABLE"
    return f"{kind} ... PARTITION OF" if stmt.HasField("partbound") else kind


def _kind_index(node: pb.Node) -> str:
    stmt = node.index_stmt
    unique = "UNIQUE " if stmt.unique else ""
    return f"CREATE {unique}INDEX{' CONCURRENTLY' if stmt.concurrent else ''}"


def _kind_view(node: pb.Node) -> str:
    return f"CREATE {_PERSISTENCE_WORDS.get(node.view_stmt.view.relpersistence, '')}VIEW"


def _kind_sequence(node: pb.Node) -> str:
    return f"CREATE {_PERSISTENCE_WORDS.get(node.create_seq_stmt.sequence.relpersistence, '')}SEQUENCE"


def _kind_table_as(node: pb.Node) -> str:
    stmt = node.create_table_as_stmt
    return "CREATE MATERIALIZED VIEW" if stmt.objtype == OBJ.OBJECT_MATVIEW else "CREATE TABLE ... AS"


def _kind_select(node: pb.Node) -> str:
    stmt = node.select_stmt
    if stmt.HasField("into_clause"):
        return "SELECT INTO"
    return "VALUES" if len(stmt.values_lists) else "SELECT"


def _kind_function(node: pb.Node) -> str:
    return "CREATE PROCEDURE" if node.create_function_stmt.is_procedure else "CREATE FUNCTION"


def _kind_trigger(node: pb.Node) -> str:
    return "CREATE CONSTRAINT TRIGGER" if node.create_trig_stmt.isconstraint else "CREATE TRIGGER"


def _kind_drop(node: pb.Node) -> str:
    return f"DROP {object_word(node.drop_stmt.remove_type)}"


def _kind_alter_table(node: pb.Node) -> str:
    return f"ALTER {object_word(node.alter_table_stmt.objtype)}"


def _kind_rename(node: pb.Node) -> str:
    return f"ALTER {object_word(node.rename_stmt.rename_type)} ... RENAME"


def _kind_owner(node: pb.Node) -> str:
    return f"ALTER {object_word(node.alter_owner_stmt.object_type)} ... OWNER TO"


def _kind_set_schema(node: pb.Node) -> str:
    return f"ALTER {object_word(node.alter_object_schema_stmt.object_type)} ... SET SCHEMA"


def _kind_comment(node: pb.Node) -> str:
    return f"COMMENT ON {object_word(node.comment_stmt.objtype)}"


def _kind_define(node: pb.Node) -> str:
    return f"CREATE {object_word(node.define_stmt.kind)}"


def _kind_grant(node: pb.Node) -> str:
    return "GRANT" if node.grant_stmt.is_grant else "REVOKE"


def _kind_role(node: pb.Node) -> str:
    return f"CREATE {_ROLE_WORDS.get(node.create_role_stmt.stmt_type, 'ROLE')}"


def _kind_transaction(node: pb.Node) -> str:
    return _TRANSACTION_WORDS.get(node.transaction_stmt.kind, "transaction control")


def _kind_vacuum(node: pb.Node) -> str:
    return "VACUUM" if node.vacuum_stmt.is_vacuumcmd else "ANALYZE"


def _kind_setting(node: pb.Node) -> str:
    stmt = node.variable_set_stmt
    if stmt.kind == pb.VAR_RESET_ALL:
        return "RESET ALL"
    name = _SETTING_WORDS.get(stmt.name.lower(), stmt.name)
    if stmt.kind == pb.VAR_SET_MULTI:
        return f"SET {name.upper()}"
    if stmt.kind == pb.VAR_RESET:
        return f"RESET {name}"
    return f"SET {'LOCAL ' if stmt.is_local else ''}{name}"


_KIND_REFINERS: dict[str, Callable[[pb.Node], str]] = {
    "create_stmt": _kind_create_table,
    "index_stmt": _kind_index,
    "view_stmt": _kind_view,
    "create_seq_stmt": _kind_sequence,
    "create_table_as_stmt": _kind_table_as,
    "select_stmt": _kind_select,
    "create_function_stmt": _kind_function,
    "create_trig_stmt": _kind_trigger,
    "drop_stmt": _kind_drop,
    "alter_table_stmt": _kind_alter_table,
    "rename_stmt": _kind_rename,
    "alter_owner_stmt": _kind_owner,
    "alter_object_schema_stmt": _kind_set_schema,
    "comment_stmt": _kind_comment,
    "define_stmt": _kind_define,
    "grant_stmt": _kind_grant,
    "create_role_stmt": _kind_role,
    "transaction_stmt": _kind_transaction,
    "vacuum_stmt": _kind_vacuum,
    "variable_set_stmt": _kind_setting,
}


def statement_kind(node: pb.Node) -> str:
    """The kind of a parsed statement in SQL words, e.g. 'CREATE UNIQUE INDEX CONCURRENTLY', 'DO block'.

    ``node`` is a statement ``Node`` as found in ``postgast.parse(sql).stmts[i].stmt``.
    """
    which = node.WhichOneof("node")
    if which is None:
        return "empty statement"
    if which in _KIND_REFINERS:
        return _KIND_REFINERS[which](node)
    if which in _KIND_NAMES:
        return _KIND_NAMES[which]
    info = postgast.classify_statement(node)
    if info is None or info.action == "UNKNOWN":
        return str(which).removesuffix("_stmt").replace("_", " ").upper()
    return f"{info.action} {info.object_type}" if info.object_type else info.action
