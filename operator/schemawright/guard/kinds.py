"""Statement kinds in SQL words (``CREATE UNIQUE INDEX CONCURRENTLY``, ``DO block``), as messages show them."""

from __future__ import annotations

from collections.abc import Callable

import postgast
from postgast import pg_query_pb2 as pb

from schemawright.guard.objects import OBJ, object_word
from schemawright.guard.statement_kinds import BY_NODE

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
    row = BY_NODE.get(which)
    if row is not None:
        return row.words
    info = postgast.classify_statement(node)
    if info is None or info.action == "UNKNOWN":
        return str(which).removesuffix("_stmt").replace("_", " ").upper()
    return f"{info.action} {info.object_type}" if info.object_type else info.action
