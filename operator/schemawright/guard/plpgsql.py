"""PL/pgSQL bodies: compiled with libpg_query's PL/pgSQL parser; dynamic SQL refused, every embedded SQL
statement checked, every name called compared with the forbidden functions.
"""

from __future__ import annotations

import json
import re

import postgast
from postgast import pg_query_pb2 as pb

from schemawright.guard import reasons
from schemawright.guard.context import Context, Reject, may_contain, refuse
from schemawright.guard.functions import FORBIDDEN_WORDS, forbidden_function
from schemawright.guard.positions import COMMENTS, OPEN_PAREN, LineIndex
from schemawright.guard.schemas import is_system_schema

# libpg_query 18 writes the NEW/OLD/TG_* variables of trigger functions as "{}}" in its PL/pgSQL JSON
# (pganalyze/libpg_query#337, fix proposed in #355). Such a datum only ever stands alone between
# array delimiters, so it is repaired there; a string value cannot hold a bare '[' or ',' before '{'
# followed by '}}' and ',' or ']' — and if one ever did, only a literal would change, never a name.
_PROMISE_DATUM = re.compile(r"(?<=[\[,])\{\}\}(?=[,\]])")


# PL/pgSQL statements that run SQL text built at run time: the JSON key, and the words to show.
_PLPGSQL_DYNAMIC: dict[str, str] = {
    "PLpgSQL_stmt_dynexecute": "EXECUTE",
    "PLpgSQL_stmt_dynfors": "FOR ... IN EXECUTE",
    "PLpgSQL_stmt_open": "OPEN ... FOR EXECUTE",  # only with a "dynquery"
    "PLpgSQL_stmt_return_query": "RETURN QUERY EXECUTE",  # only with a "dynquery"
}


_SQL_STATEMENT_MODE = 0  # PLpgSQL_expr.parseMode of a whole SQL statement (others are expressions)


# Messages of libpg_query's PL/pgSQL compiler that mean "this needs a catalog the analyser does not have",
# not "this body is wrong": libpg_query compiles without a database, so names it would have to look up
# (a qualified %TYPE, a type in another schema) fail there although PostgreSQL accepts them.
_ANALYSER_LIMITS = (
    "LookupExplicitNamespace",
    "only supports pg_catalog",
    "not supported",
    "Not implemented",
    "cache lookup failed",
    "pseudo-type _record",
)


_NAMESPACE_LIMIT = "LookupExplicitNamespace"


def _compile_plpgsql(node: pb.Node, statement: str = "") -> object:
    """libpg_query's PL/pgSQL parse tree (JSON) of a CREATE FUNCTION ... LANGUAGE plpgsql statement.

    ``statement`` is its text when known (else it is deparsed from ``node``). PgQueryError when it does not
    compile; a tree that is not valid JSON even after the known repair is reported as an analyser limit.
    """
    statement = statement or postgast.deparse(pb.ParseResult(stmts=[pb.RawStmt(stmt=node)]))
    try:
        return postgast.parse_plpgsql(statement)
    except json.JSONDecodeError as error:
        try:
            return json.loads(_PROMISE_DATUM.sub("{}", error.doc))
        except json.JSONDecodeError:
            raise postgast.PgQueryError("its parse tree is not valid JSON (not supported)") from None


def _compile_with_public_qualifiers(node: pb.Node, body: str) -> object | None:
    """Compile again with the body's schema qualifiers (other than system schemas) read as ``public``.

    libpg_query compiles without a catalog and resolves a variable's type only in pg_catalog or public
    (``DECLARE x app.mood;`` fails there, not in PostgreSQL). Which user schema a name is in changes nothing
    the guard checks — forbidden functions go by name, system schemas are left as written — so the body is
    analysed with ``public`` in their place; None when it still does not compile.
    """
    data = body.encode()
    try:
        tokens = [t for t in postgast.scan(body).tokens if t.token not in COMMENTS]
    except postgast.PgQueryError:
        return None
    pieces, done = [], 0
    for token, dot, _name in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if token.token != pb.IDENT or dot.token != pb.ASCII_46:
            continue
        qualifier = data[token.start : token.end].decode().strip('"')
        if qualifier.lower() in ("public", "pg_catalog") or is_system_schema(qualifier):
            continue
        pieces += [data[done : token.start], b"public"]
        done = token.end
    if not pieces:
        return None
    copy = pb.Node()
    copy.CopyFrom(node)
    for option in copy.create_function_stmt.options:
        if option.def_elem.defname == "as" and option.def_elem.arg.list.items:
            option.def_elem.arg.list.items[0].string.sval = b"".join([*pieces, data[done:]]).decode()
    try:
        return _compile_plpgsql(copy)
    except postgast.PgQueryError:
        return None


def _plpgsql_items(tree: object) -> list[tuple[str, dict[str, object], int]]:
    """(key, object, body line) for every JSON object in a PL/pgSQL parse tree, depth first."""
    found: list[tuple[str, dict[str, object], int]] = []
    stack: list[tuple[object, int]] = [(tree, 0)]
    while stack:
        node, line = stack.pop()
        if isinstance(node, list):
            stack.extend((item, line) for item in reversed(node))
            continue
        if not isinstance(node, dict):
            continue
        children: list[tuple[object, int]] = []
        for key, value in node.items():
            if isinstance(value, dict):
                lineno = value.get("lineno")
                here = lineno if isinstance(lineno, int) and lineno > 0 else line
                found.append((key, value, here))
                children.append((value, here))
            elif isinstance(value, list):
                children.append((value, line))
        stack.extend(reversed(children))
    return found


def _dynamic_sql(words: str, line: int, kind: str, ctx: Context, *, trigger: bool) -> None:
    """Refuse dynamic SQL (rule dynamic-sql); when the platform allows it in a trigger function, say what that means."""
    refuse(ctx, f"{words} in the body of {kind}", f"line {line} of the body: {reasons.DYNAMIC_SQL}", "dynamic-sql")
    if trigger:
        ctx.dynamic_triggers.append(kind)
        ctx.notes.append(
            f"{kind} runs dynamic SQL (allowed by --allow dynamic-sql) in a trigger function: triggers "
            "fire during backfills, so that SQL runs as the role that applies the plan — apply with a "
            "role that has no more rights than the schema needs"
        )


def check_plpgsql(
    node: pb.Node, body: str, kind: str, ctx: Context, *, trigger: bool = False, statement: str = ""
) -> None:
    """Check a PL/pgSQL body.

    libpg_query compiles it (what PostgreSQL's validator would reject is rejected here too); dynamic
    SQL is refused (rule dynamic-sql); every embedded SQL statement is checked like a LANGUAGE sql body's; and
    every name called in the body is compared with the forbidden function names, which covers expressions
    and assignments (``x := pg_read_file(...)``) that are not whole SQL statements.

    postgast.parse_plpgsql is used rather than a text scan alone because it hands over each embedded
    statement exactly as PL/pgSQL will run it (with its line), so COPY, SET ROLE, ALTER SYSTEM, DO and
    nested CREATE FUNCTION inside IF/LOOP/EXCEPTION blocks are found by the parser, not guessed. A body
    the analyser cannot compile for want of a catalog falls under rule unanalysable-body; when the platform
    allows that, the body's tokens are scanned for EXECUTE and forbidden calls instead.
    """
    try:
        tree = _compile_plpgsql(node, statement)
    except postgast.PgQueryError as first:
        error = first
        tree = _compile_with_public_qualifiers(node, body) if _NAMESPACE_LIMIT in error.message else None
    else:
        error = None
    if tree is None and error is not None:
        if not any(limit in error.message for limit in _ANALYSER_LIMITS):
            raise Reject(kind, f"its PL/pgSQL body does not compile: {error.message}", "invalid-body") from None
        refuse(ctx, kind, reasons.PLPGSQL_UNANALYSABLE.format(detail=error.message), "unanalysable-body")
        _scan_unanalysable_body(body, kind, ctx, trigger=trigger)
        return
    for key, value, line in _plpgsql_items(tree):
        if key in _PLPGSQL_DYNAMIC and (key.startswith("PLpgSQL_stmt_dyn") or "dynquery" in value):
            _dynamic_sql(_PLPGSQL_DYNAMIC[key], line, kind, ctx, trigger=trigger)
        query = value.get("query")
        if key == "PLpgSQL_expr" and value.get("parseMode", 0) == _SQL_STATEMENT_MODE and isinstance(query, str):
            _check_plpgsql_statement(query, line, kind, ctx)
    if may_contain(ctx, FORBIDDEN_WORDS):
        _check_body_tokens(body, kind)


def _scan_unanalysable_body(body: str, kind: str, ctx: Context, *, trigger: bool) -> None:
    """What can still be checked in a body the analyser could not compile: EXECUTE and forbidden calls."""
    data = body.encode()
    lines = LineIndex(data)
    for token in _body_tokens(body, kind):
        if token.token == pb.EXECUTE:
            _dynamic_sql("EXECUTE", lines.position(token.start)[0], kind, ctx, trigger=trigger)
            break
    _check_body_tokens(body, kind)


def _check_plpgsql_statement(query: str, line: int, kind: str, ctx: Context) -> None:
    """One SQL statement embedded in PL/pgSQL (INTO already removed by the PL/pgSQL parser)."""
    from schemawright.guard.check import check_in_body  # the dispatcher imports this module: import it when first used

    try:
        tree = postgast.parse(query)
    except postgast.PgQueryError as error:
        raise Reject(kind, f"line {line} of its body is not valid SQL: {error.message}", "invalid-body") from None
    for raw in tree.stmts:
        check_in_body(raw.stmt, line, kind, ctx)


def _body_tokens(body: str, kind: str) -> list[pb.ScanToken]:
    """The lexer's tokens of a body, comments left out."""
    try:
        scanned = postgast.scan(body).tokens
    except postgast.PgQueryError as error:
        raise Reject(kind, f"its body cannot be read: {error.message}", "invalid-body") from None
    return [t for t in scanned if t.token not in COMMENTS]


def _check_body_tokens(body: str, kind: str) -> None:
    """Reject a body that calls a forbidden function: a name token followed by '('.

    Works on the lexer's tokens, so names inside string literals and comments do not count.
    """
    data = body.encode()
    tokens = _body_tokens(body, kind)
    for token, following, after in zip(tokens, tokens[1:], [*tokens[2:], None], strict=False):
        if token.token == pb.UIDENT and following.token == pb.UESCAPE and after is not None:
            name = _unicode_identifier(data[token.start : token.end].decode(), data[after.start : after.end].decode())
        elif token.token in (pb.IDENT, pb.UIDENT) and following.token == OPEN_PAREN:
            name = _unicode_identifier(data[token.start : token.end].decode())
        else:
            continue
        why = forbidden_function(name)
        if why is not None:
            line = LineIndex(data).position(token.start)[0]
            raise Reject(kind, f"line {line} of its body calls {name}(), which {why}", "forbidden-function")


def _unicode_identifier(text: str, uescape: str = "") -> str:
    """The name an identifier token stands for: ``"pg_read_file"`` and ``U&"\\0070g_read_file"`` (with an
    optional ``UESCAPE '!'`` clause) both name pg_read_file, as PostgreSQL reads them."""
    if text[:2].lower() != "u&":
        return text.strip('"').replace('""', '"')
    escape = re.escape(uescape.strip("'")[:1] or "\\")
    pattern = rf"{escape}(?:({escape})|([0-9A-Fa-f]{{4}})|\+([0-9A-Fa-f]{{6}}))"
    return re.sub(pattern, lambda m: m[1] or chr(int(m[2] or m[3], 16)), text[3:-1].replace('""', '"'))
