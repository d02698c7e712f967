"""What a check needs besides the statement (:class:`Context`), the refusal it raises (:class:`Reject`), and
refusing by rule (waived when the platform allows it).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from google.protobuf.message import Message
from postgast import pg_query_pb2 as pb

from schemawright.guard import reasons
from schemawright.guard.kinds import statement_kind
from schemawright.guard.objects import OBJECT_REASONS, OBJECT_RULES
from schemawright.guard.rules import kind_rule, rule_of


class Reject(Exception):
    """A statement is not allowed: what it is, why, and the rule (located by the caller)."""

    def __init__(self, kind: str, reason: str, rule: str, extension: str = "") -> None:
        super().__init__(f"{kind}: {reason}")
        self.kind = kind
        self.reason = reason
        self.rule = rule
        self.extension = extension


@dataclasses.dataclass
class Context:
    """What the checks need besides the statement."""

    allowed_extensions: frozenset[str]
    allowed_rules: frozenset[str] = frozenset()
    in_body: bool = False  # inside a function body, where data changes are allowed
    waived: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (kind, rule) allowed by override
    notes: list[str] = dataclasses.field(default_factory=list)  # what a user should know about a statement
    text: str = ""  # the whole statement, lower case ("" when unknown): lets checks skip walks (see may_contain)
    original: str = ""  # the whole statement as written
    nested: bool = False  # checking a statement inside another (a body, a schema element), not the statement itself
    walked: dict[int, tuple[Message, list[Message]]] = dataclasses.field(default_factory=dict)  # walk's memory
    dynamic_triggers: list[str] = dataclasses.field(default_factory=list)  # trigger functions with allowed dynamic SQL


def may_contain(ctx: Context, words: re.Pattern[str]) -> bool:
    """Whether the statement's text may hold one of ``words`` (lower case), so its tree must be searched.

    A word cannot reach the parse tree without being in the text, unless escaped: a backslash (E'' strings)
    or U& (Unicode escapes) in the text, or an unknown text, means "search".
    """
    text = ctx.text
    return not text or "\\" in text or "u&" in text or words.search(text) is not None


def refuse(ctx: Context, kind: str, reason: str, rule: str) -> bool:
    """Raise Reject for ``rule`` unless the platform waived it; True (and recorded) when waived."""
    known = rule_of(rule)
    if rule in ctx.allowed_rules and known is not None and known.overridable:
        ctx.waived.append((kind, rule))
        return True
    raise Reject(kind, reason, rule)


Check = Callable[[pb.Node, Context], None]


# Statements rejected at the top level with a specific reason, and their rule.
_REJECTED: dict[str, tuple[str, str]] = {
    "select_stmt": (reasons.SELECT, "top-level-query"),
    "insert_stmt": (reasons.DML, "data-change"),
    "update_stmt": (reasons.DML, "data-change"),
    "delete_stmt": (reasons.DML, "data-change"),
    "merge_stmt": (reasons.DML, "data-change"),
    "return_stmt": (reasons.SELECT, "top-level-query"),
    "copy_stmt": (reasons.COPY, "copy"),
    "do_stmt": (reasons.DO, "do-block"),
    "alter_system_stmt": (reasons.ALTER_SYSTEM, "server-config"),
    "create_role_stmt": (reasons.ROLE, "role-management"),
    "alter_role_stmt": (reasons.ROLE, "role-management"),
    "alter_role_set_stmt": (reasons.ROLE, "role-management"),
    "drop_role_stmt": (reasons.ROLE, "role-management"),
    "grant_role_stmt": (reasons.ROLE, "role-management"),
    "reassign_owned_stmt": (reasons.ROLE, "role-management"),
    "drop_owned_stmt": (reasons.ROLE, "role-management"),
    "createdb_stmt": (reasons.DATABASE, "database"),
    "alter_database_stmt": (reasons.DATABASE, "database"),
    "alter_database_set_stmt": (reasons.DATABASE, "database"),
    "alter_database_refresh_coll_stmt": (reasons.DATABASE, "database"),
    "dropdb_stmt": (reasons.DATABASE, "database"),
    "create_table_space_stmt": (reasons.TABLESPACE, "tablespace"),
    "drop_table_space_stmt": (reasons.TABLESPACE, "tablespace"),
    "alter_table_space_options_stmt": (reasons.TABLESPACE, "tablespace"),
    "alter_table_move_all_stmt": (reasons.TABLESPACE, "tablespace"),
    "create_plang_stmt": (reasons.LANGUAGE, "create-language"),
    "load_stmt": (reasons.LOAD, "load-library"),
    "create_fdw_stmt": (reasons.FOREIGN, "foreign-data"),
    "alter_fdw_stmt": (reasons.FOREIGN, "foreign-data"),
    "create_foreign_server_stmt": (reasons.FOREIGN, "foreign-data"),
    "alter_foreign_server_stmt": (reasons.FOREIGN, "foreign-data"),
    "create_foreign_table_stmt": (reasons.FOREIGN, "foreign-data"),
    "create_user_mapping_stmt": (reasons.FOREIGN, "foreign-data"),
    "alter_user_mapping_stmt": (reasons.FOREIGN, "foreign-data"),
    "drop_user_mapping_stmt": (reasons.FOREIGN, "foreign-data"),
    "import_foreign_schema_stmt": (reasons.FOREIGN, "foreign-data"),
    "create_publication_stmt": (reasons.REPLICATION, "replication"),
    "alter_publication_stmt": (reasons.REPLICATION, "replication"),
    "create_subscription_stmt": (reasons.REPLICATION, "replication"),
    "alter_subscription_stmt": (reasons.REPLICATION, "replication"),
    "drop_subscription_stmt": (reasons.REPLICATION, "replication"),
    "transaction_stmt": (reasons.TRANSACTION, "transaction-control"),
    "vacuum_stmt": (reasons.MAINTENANCE, "maintenance"),
    "cluster_stmt": (reasons.MAINTENANCE, "maintenance"),
    "reindex_stmt": (reasons.MAINTENANCE, "maintenance"),
    "check_point_stmt": (reasons.MAINTENANCE, "maintenance"),
    "truncate_stmt": (reasons.TRUNCATE, "data-change"),
    "listen_stmt": (reasons.MESSAGING, "session-command"),
    "unlisten_stmt": (reasons.MESSAGING, "session-command"),
    "notify_stmt": (reasons.MESSAGING, "session-command"),
    "prepare_stmt": (reasons.PREPARED, "session-command"),
    "execute_stmt": (reasons.PREPARED, "session-command"),
    "deallocate_stmt": (reasons.PREPARED, "session-command"),
    "call_stmt": (reasons.CALL, "session-command"),
    "lock_stmt": (reasons.LOCK, "session-command"),
    "explain_stmt": (reasons.SESSION, "session-command"),
    "variable_show_stmt": (reasons.SESSION, "session-command"),
    "discard_stmt": (reasons.SESSION, "session-command"),
    "constraints_set_stmt": (reasons.SESSION, "session-command"),
    "declare_cursor_stmt": (reasons.SESSION, "session-command"),
    "fetch_stmt": (reasons.SESSION, "session-command"),
    "close_portal_stmt": (reasons.SESSION, "session-command"),
    "sec_label_stmt": (reasons.SECURITY_LABEL, "security-label"),
    "create_event_trig_stmt": (reasons.EVENT_TRIGGER, "event-trigger"),
    "alter_event_trig_stmt": (reasons.EVENT_TRIGGER, "event-trigger"),
    "alter_default_privileges_stmt": (reasons.DEFAULT_PRIVILEGES, "default-privileges"),
    "rule_stmt": (reasons.RULE, "create-rule"),
    "refresh_mat_view_stmt": (reasons.REFRESH, "refresh-materialized-view"),
}


def refuse_object(ctx: Context, objtype: int, kind: str) -> bool:
    """Refuse a statement about an object type that is not part of a schema (by the object's own rule)."""
    if objtype in OBJECT_REASONS:
        return refuse(ctx, kind, OBJECT_REASONS[objtype], OBJECT_RULES[objtype])
    return refuse(ctx, kind, reasons.NOT_LISTED, kind_rule(kind))


def refuse_unlisted(node: pb.Node, which: str, ctx: Context) -> bool:
    """Refuse a statement kind without a checker, by its own rule (statement-kind:<kind> for the rest)."""
    kind = statement_kind(node)
    if which in _REJECTED:
        reason, rule = _REJECTED[which]
    else:
        reason, rule = reasons.NOT_LISTED, kind_rule(kind)
    return refuse(ctx, kind, reason, rule)
