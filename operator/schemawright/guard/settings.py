"""SET / RESET and pg_dump's ``set_config('search_path', ...)`` line: the harmless session settings of a
pg_dump preamble pass; everything else is refused.
"""

from __future__ import annotations

from postgast import pg_query_pb2 as pb

from schemawright.guard import reasons
from schemawright.guard.context import Context, refuse, refuse_unlisted
from schemawright.guard.kinds import statement_kind
from schemawright.guard.nodes import string_names

# Which SET / RESET gets which reason and rule (by parameter name; others: reasons.SETTING, session-setting).
SETTING_REFUSALS: dict[str, tuple[str, str]] = {
    "role": (reasons.SET_ROLE, "set-role"),
    "session_authorization": (reasons.SET_ROLE, "set-role"),
    "transaction": (reasons.TRANSACTION, "transaction-control"),
    "session characteristics": (reasons.TRANSACTION, "transaction-control"),
}


# The session settings pg_dump writes at the top of a dump (and search_path): accepted at the top level of a
# script and run in the shadow's session, which ends with the build. None: any value; else the values accepted
# (lower case) — a value that would change how the guard reads the script (standard_conforming_strings = off,
# another client encoding) or name a tablespace stays refused.
_SESSION_SETTINGS: dict[str, frozenset[str] | None] = {
    "statement_timeout": None,
    "lock_timeout": None,
    "idle_in_transaction_session_timeout": None,
    "transaction_timeout": None,
    "client_encoding": frozenset({"utf8", "utf-8", "unicode"}),
    "standard_conforming_strings": frozenset({"on", "true"}),
    "check_function_bodies": None,
    "xmloption": None,
    "client_min_messages": None,
    "row_security": None,
    "default_tablespace": frozenset({""}),
    "default_table_access_method": None,
    "default_toast_compression": None,
    "escape_string_warning": None,
    "default_with_oids": frozenset({"false", "off"}),
    "search_path": None,
}


def _setting_values(stmt: pb.VariableSetStmt) -> list[str]:
    """The values of SET name = v1, v2 as lower-case text."""
    values = []
    for arg in stmt.args:
        const = arg.a_const
        which = const.WhichOneof("val")
        if which == "sval":
            values.append(str(const.sval.sval).lower())
        elif which == "ival":
            values.append(str(const.ival.ival))
        elif which == "fval":
            values.append(str(const.fval.fval).lower())
        elif which == "boolval":
            values.append(str(const.boolval.boolval).lower())
        else:
            values.append("")
    return values


def check_setting(node: pb.Node, ctx: Context) -> None:
    """SET / RESET: the harmless session settings of a pg_dump preamble pass; everything else is refused."""
    stmt, kind = node.variable_set_stmt, statement_kind(node)
    name = stmt.name.lower()
    if name in SETTING_REFUSALS:
        reason, rule = SETTING_REFUSALS[name]
        refuse(ctx, kind, reason, rule)
        return
    accepted = _SESSION_SETTINGS.get(name, frozenset())
    if ctx.in_body or stmt.kind == pb.VAR_RESET_ALL or name not in _SESSION_SETTINGS:
        refuse(ctx, kind, reasons.SETTING, "session-setting")
        return
    if stmt.kind == pb.VAR_SET_VALUE and accepted is not None and not set(_setting_values(stmt)) <= accepted:
        if name == "default_tablespace":
            refuse(ctx, kind, reasons.TABLESPACE + " (pg_dump --no-tablespaces leaves it out)", "tablespace")
            return
        expected = " or ".join(repr(v) for v in sorted(accepted))
        refuse(ctx, kind, reasons.SESSION_VALUE.format(expected=expected), "session-setting")


def is_dump_search_path(node: pb.Node) -> bool:
    """``SELECT pg_catalog.set_config('search_path', '<text>', false)``, exactly as pg_dump writes it."""
    if not node.HasField("select_stmt"):
        return False
    select = node.select_stmt
    fields = {descriptor.name for descriptor, _value in select.ListFields()}
    if not fields <= SELECT_OF_ONE_EXPRESSION or len(select.target_list) != 1:
        return False
    call = select.target_list[0].res_target.val.func_call
    if string_names(call.funcname) not in (["set_config"], ["pg_catalog", "set_config"]) or len(call.args) != 3:
        return False
    name, value, local = (arg.a_const for arg in call.args)
    return (
        name.sval.sval == "search_path"
        and value.WhichOneof("val") == "sval"
        and local.WhichOneof("val") == "boolval"
        and not local.boolval.boolval
    )


def check_select(node: pb.Node, ctx: Context) -> None:
    """A top-level query is refused, except pg_dump's set_config('search_path', ...) line."""
    if not is_dump_search_path(node):
        refuse_unlisted(node, "select_stmt", ctx)


# The only SelectStmt fields "SELECT (<one expression>)" sets.
SELECT_OF_ONE_EXPRESSION = frozenset({"target_list", "limit_option", "op"})
