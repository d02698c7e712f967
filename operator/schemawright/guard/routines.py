"""Functions and procedures: trusted languages only, safe SET / SECURITY DEFINER / LEAKPROOF options, and bodies
checked statement by statement (LANGUAGE sql, BEGIN ATOMIC; PL/pgSQL in :mod:`schemawright.guard.plpgsql`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

import postgast
from postgast import pg_query_pb2 as pb

from schemawright.guard import reasons
from schemawright.guard.context import Context, Reject, refuse
from schemawright.guard.kinds import statement_kind
from schemawright.guard.nodes import def_elems, string_names
from schemawright.guard.plpgsql import check_plpgsql
from schemawright.guard.positions import LineIndex
from schemawright.guard.settings import SETTING_REFUSALS

# Functions may only be written in these.
_TRUSTED_LANGUAGES: frozenset[str] = frozenset({"sql", "plpgsql"})


_NATIVE_LANGUAGES: frozenset[str] = frozenset({"c", "internal"})


# Parameters a function's SET clause may fix.
_ROUTINE_SETTINGS: frozenset[str] = frozenset(
    {
        "search_path",
        "timezone",
        "datestyle",
        "intervalstyle",
        "extra_float_digits",
        "statement_timeout",
        "lock_timeout",
        "idle_in_transaction_session_timeout",
        "work_mem",
        "maintenance_work_mem",
        "plpgsql.variable_conflict",
    }
)


def _check_routine_options(options: Iterable[pb.Node], kind: str, ctx: Context) -> None:
    """SECURITY DEFINER needs SET search_path; SET only for harmless settings; no LEAKPROOF."""
    elems = def_elems(options)
    settings = [e.arg.variable_set_stmt for e in elems if e.defname == "set"]
    for setting in settings:
        name = setting.name.lower()
        if setting.kind in (pb.VAR_RESET, pb.VAR_RESET_ALL) and name in ("search_path", ""):
            refuse(
                ctx, f"{kind} ... RESET {setting.name or 'ALL'}", reasons.DEFINER_RESET, "security-definer-search-path"
            )
        elif name in SETTING_REFUSALS:
            reason, rule = SETTING_REFUSALS[name]
            refuse(ctx, f"{kind} ... SET {setting.name}", reason, rule)
        elif name and name not in _ROUTINE_SETTINGS:
            refuse(ctx, f"{kind} ... SET {setting.name}", reasons.ROUTINE_SETTING, "routine-setting")
    for elem in elems:
        if elem.defname == "leakproof" and elem.arg.boolean.boolval:
            refuse(ctx, f"{kind} ... LEAKPROOF", reasons.LEAKPROOF, "leakproof")
    definer = any(e.defname == "security" and e.arg.boolean.boolval for e in elems)
    if definer and not any(s.name.lower() == "search_path" for s in settings):
        refuse(ctx, f"{kind} ... SECURITY DEFINER", reasons.DEFINER, "security-definer-search-path")


def _function_language(stmt: pb.CreateFunctionStmt) -> str | None:
    """The LANGUAGE of a function; SQL-standard bodies (BEGIN ATOMIC, RETURN) imply sql."""
    for elem in def_elems(stmt.options):
        if elem.defname == "language":
            return str(elem.arg.string.sval).lower()
    return "sql" if stmt.HasField("sql_body") else None


def _function_body(stmt: pb.CreateFunctionStmt) -> str:
    """The text of a function's AS '...' body ('' when there is none)."""
    for elem in def_elems(stmt.options):
        if elem.defname == "as" and elem.arg.list.items:
            return str(elem.arg.list.items[0].string.sval)
    return ""


def _returns_trigger(stmt: pb.CreateFunctionStmt) -> bool:
    names = string_names(stmt.return_type.names)
    return bool(names) and names[-1].lower() in ("trigger", "event_trigger")


def check_function(node: pb.Node, ctx: Context) -> None:
    """CREATE FUNCTION / PROCEDURE in a trusted language, with a body that passes the guard."""
    from schemawright.guard.check import check_in_body  # the dispatcher imports this module: import it when first used

    stmt, kind = node.create_function_stmt, statement_kind(node)
    language = _function_language(stmt)
    if language is None:
        raise Reject(kind, reasons.NO_LANGUAGE, "no-language")
    if language not in _TRUSTED_LANGUAGES:
        rule = "c-language" if language in _NATIVE_LANGUAGES else "untrusted-language"
        refuse(ctx, f"{kind} ... LANGUAGE {language}", reasons.UNTRUSTED_LANGUAGE, rule)
        ctx.notes.append(
            f"LANGUAGE {language} is allowed by the platform (--allow {rule}): its body is not checked, "
            "and creating it needs superuser rights (the shadow runs as the connecting role)"
        )
    _check_routine_options(stmt.options, kind, ctx)
    if language not in _TRUSTED_LANGUAGES:
        return
    body_ctx = dataclasses.replace(ctx, in_body=True, nested=True)
    if stmt.HasField("sql_body"):
        for inner in _flatten(stmt.sql_body):
            check_in_body(inner, None, kind, body_ctx)
    elif language == "sql":
        _check_sql_body(_function_body(stmt), kind, body_ctx)
    else:
        check_plpgsql(
            node,
            _function_body(stmt),
            kind,
            body_ctx,
            trigger=_returns_trigger(stmt),
            statement="" if ctx.nested else ctx.original,
        )


def check_alter_function(node: pb.Node, ctx: Context) -> None:
    _check_routine_options(node.alter_function_stmt.actions, statement_kind(node), ctx)


def _flatten(node: pb.Node) -> Iterator[pb.Node]:
    """The statements of a BEGIN ATOMIC ... END body (nested lists) or a RETURN body."""
    if node.HasField("list"):
        for item in node.list.items:
            yield from _flatten(item)
    else:
        yield node


def _check_sql_body(body: str, kind: str, ctx: Context) -> None:
    """Parse a LANGUAGE sql body and check each of its statements."""
    from schemawright.guard.check import check_in_body  # the dispatcher imports this module: import it when first used

    try:
        tree = postgast.parse(body)
    except postgast.PgQueryError as error:
        raise Reject(kind, f"its body is not valid SQL: {error.message}", "invalid-body") from None
    data = body.encode()
    lines = LineIndex(data)
    for raw in tree.stmts:
        check_in_body(raw.stmt, lines.position(raw.stmt_location)[0], kind, ctx)
