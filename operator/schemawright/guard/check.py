"""The dispatch: one statement to the checks of its kind (decided by the statement-kind table), then the checks
every statement gets (system schemas, hidden data changes, forbidden calls).
"""

from __future__ import annotations

import re

from postgast import pg_query_pb2 as pb

from schemawright.guard import reasons
from schemawright.guard.context import Check, Context, Reject, may_contain, refuse, refuse_unlisted
from schemawright.guard.extensions import check_alter_extension, check_create_extension
from schemawright.guard.functions import FORBIDDEN_WORDS, check_calls
from schemawright.guard.kinds import statement_kind
from schemawright.guard.routines import check_alter_function, check_function
from schemawright.guard.rules import kind_rule
from schemawright.guard.schemas import reject_system_targets
from schemawright.guard.settings import check_select, check_setting, is_dump_search_path
from schemawright.guard.statement_kinds import BY_NODE, CHECKED, REFUSED
from schemawright.guard.statements import (
    check_alter_table,
    check_comment,
    check_create_table,
    check_define,
    check_drop,
    check_grant,
    check_index,
    check_insert,
    check_owner,
    check_rename,
    check_schema,
    check_sequence,
    check_set_schema,
    check_table_as,
    check_view,
)
from schemawright.guard.walk import DML_TYPES, walk

_DML_WORDS = re.compile(r"\b(?:insert|update|delete|merge)\b")


# Statements that hold a query, where a data-modifying WITH could hide (elsewhere the grammar has no place
# for one; a rule's actions run later, when the rule fires, not when it is created).
_QUERY_HOLDERS = frozenset({"view_stmt", "create_table_as_stmt", "select_stmt"})


def check_node(node: pb.Node, ctx: Context) -> None:
    """Raise Reject unless ``node`` (one statement) is allowed, with everything it contains."""
    which = node.WhichOneof("node")
    if which is None:
        raise Reject("empty statement", reasons.NOT_LISTED, kind_rule("empty statement"))
    row = BY_NODE.get(which)
    if row is None or not (ctx.in_body and row.in_body):
        if row is None or row.decision == REFUSED:
            refuse_unlisted(node, which, ctx)
        elif row.decision == CHECKED:
            CHECKS[which](node, ctx)
    kind = statement_kind(node)
    reject_system_targets(node, which, kind)
    if not ctx.in_body and which in _QUERY_HOLDERS and may_contain(ctx, _DML_WORDS):
        _reject_nested_dml(node, kind, ctx)
    # pg_dump's set_config line is the one call allowed
    if (ctx.in_body or not is_dump_search_path(node)) and may_contain(ctx, FORBIDDEN_WORDS):
        check_calls(node, kind, ctx)


def _reject_nested_dml(node: pb.Node, kind: str, ctx: Context) -> None:
    """Reject data changes hidden inside a definition (WITH d AS (DELETE ...) in a materialized view)."""
    if any(type(message) in DML_TYPES for message in walk(node, ctx)):
        refuse(ctx, kind, reasons.NESTED_DML, "data-change")


def check_in_body(inner: pb.Node, line: int | None, outer_kind: str, ctx: Context) -> None:
    """Check one statement of a function body; name the function and the body line when it fails."""
    try:
        check_node(inner, ctx)
    except Reject as reject:
        where = f"line {line} of the body: " if line else ""
        raise Reject(
            f"{reject.kind} in the body of {outer_kind}", where + reject.reason, reject.rule, reject.extension
        ) from None


# The checks of the kinds the statement-kind table marks CHECKED.
CHECKS: dict[str, Check] = {
    "create_stmt": check_create_table,
    "alter_table_stmt": check_alter_table,
    "drop_stmt": check_drop,
    "rename_stmt": check_rename,
    "alter_object_schema_stmt": check_set_schema,
    "alter_owner_stmt": check_owner,
    "index_stmt": check_index,
    "view_stmt": check_view,
    "create_table_as_stmt": check_table_as,
    "create_seq_stmt": check_sequence,
    "create_function_stmt": check_function,
    "alter_function_stmt": check_alter_function,
    "comment_stmt": check_comment,
    "create_schema_stmt": check_schema,
    "create_extension_stmt": check_create_extension,
    "alter_extension_stmt": check_alter_extension,
    "grant_stmt": check_grant,
    "define_stmt": check_define,
    "variable_set_stmt": check_setting,
    "select_stmt": check_select,
    "insert_stmt": check_insert,
}
