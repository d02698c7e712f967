"""Check the SQL fragments of a document: each must be ONE expression, type, bound or query.

The renderer splices fragments into DDL verbatim, so a fragment that closes the surrounding
construct and adds SQL (``default: "1); DROP TABLE x; --"``) must never get that far. Every
fragment is parsed with postgast (libpg_query, the PostgreSQL 18 parser) inside the same
wrapping the renderer uses, and the parse tree must be exactly the one-element shape expected.
Expressions are then passed to :func:`schemawright.guard.check_expression`, which rejects
forbidden function calls.
"""

from __future__ import annotations

from typing import Any

import postgast
from postgast import pg_query_pb2 as pb

from schemawright import guard
from schemawright.errors import GuardError, Problem

EXPR_PREFIX = "SELECT ("
TYPE_PREFIX = "CREATE TABLE t (c "
BOUND_PREFIX = "CREATE TABLE p PARTITION OF t "

_CLAUSES = {
    "distinct_clause": "DISTINCT",
    "into_clause": "INTO",
    "from_clause": "FROM",
    "where_clause": "WHERE",
    "group_clause": "GROUP BY",
    "having_clause": "HAVING",
    "window_clause": "WINDOW",
    "values_lists": "VALUES",
    "sort_clause": "ORDER BY",
    "limit_offset": "OFFSET",
    "limit_count": "LIMIT",
    "locking_clause": "FOR UPDATE",
    "with_clause": "WITH",
}
_EXPECT_EXPR = "exactly one SQL expression"
_BOUND_NODES = (
    pb.PartitionBoundSpec,
    pb.A_Const,
    pb.Integer,
    pb.Float,
    pb.String,
    pb.Boolean,
    pb.BitString,
    pb.TypeCast,
    pb.TypeName,
    pb.ColumnRef,
)
_STRATEGY = {"range": "r", "list": "l", "hash": "h"}
_BOUND_FORM = {
    "range": "FROM (...) TO (...)",
    "list": "IN (...)",
    "hash": "WITH (MODULUS n, REMAINDER r)",
}


def short(value: Any, limit: int = 60) -> str:
    """A short printable form of a document value for ``Problem.found``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        text = "[" + ", ".join(short(v, limit) for v in value) + "]"
        return text if len(text) <= limit else f"a list of {len(value)} items"
    if isinstance(value, str):
        text = repr(value)
        return text if len(text) <= limit else text[: limit - 4] + "..." + text[0]
    text = str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _parse(sql: str) -> tuple[Any, str | None]:
    """(ParseResult, None), or (None, the parser's message) when ``sql`` does not parse."""
    try:
        return postgast.parse(sql), None
    except postgast.PgQueryError as exc:
        return None, str(getattr(exc, "message", None) or exc)


def _parse_wrapped(prefix: str, fragment: str, suffix: str) -> tuple[Any, str | None]:
    """Parse ``prefix + fragment + suffix``: (tree, None), or (None, the error placed inside ``fragment``)."""
    try:
        return postgast.parse(prefix + fragment + suffix), None
    except postgast.PgQueryError as exc:
        message = str(getattr(exc, "message", None) or exc)
        pos = int(getattr(exc, "cursorpos", 0) or 0) - len(prefix)
        if 0 < pos <= len(fragment):
            return None, f"it does not parse: {message} (at character {pos})"
        return None, (
            f"it does not parse: {message} (at the end: is a parenthesis or quote left open, "
            "or a -- comment at the end?)"
        )


def expression_problem(text: str) -> str | None:
    """Why ``text`` is not exactly one SQL expression, or None when it is."""
    tree, error = _parse_wrapped(EXPR_PREFIX, text, ")")
    if error:
        return f"{_EXPECT_EXPR}; {error}"
    if len(tree.stmts) != 1:
        return f"{_EXPECT_EXPR}, not several statements (a ';' ends it)"
    stmt = tree.stmts[0].stmt
    if stmt.WhichOneof("node") != "select_stmt":
        return _EXPECT_EXPR
    select = stmt.select_stmt
    if select.op != pb.SETOP_NONE:
        return f"{_EXPECT_EXPR}, with nothing after it (found UNION, INTERSECT or EXCEPT)"
    extra = sorted({f.name for f, _ in select.ListFields()} - {"target_list", "limit_option", "op"})
    if extra:
        return f"{_EXPECT_EXPR}, with nothing after it (found {_CLAUSES.get(extra[0], extra[0])})"
    if len(select.target_list) != 1:
        return f"{_EXPECT_EXPR}, not a list (a ',' separates several)"
    if select.target_list[0].res_target.name:
        return f"{_EXPECT_EXPR}, without an alias (found AS)"
    return None


def _guard(text: str, path: str) -> str | None:
    """The reason the SQL guard forbids ``text`` (e.g. it calls pg_read_file), or None."""
    try:
        guard.check_expression(text, origin=path)
    except GuardError as exc:
        return f"an expression without forbidden calls ({exc.kind}: {exc.reason})"
    return None


def check_expression(text: str, path: str) -> list[Problem]:
    """Problems with the expression ``text`` at document ``path``: shape first, then guard."""
    reason = expression_problem(text) or _guard(text, path)
    return [Problem(path, short(text), reason)] if reason else []


def parse_type(text: str) -> tuple[Any, str | None]:
    """(postgast TypeName, None) when ``text`` is exactly one type name, else (None, why not)."""
    expected = "exactly one data type (such as text, bigint, numeric(10,2), text[])"
    tree, error = _parse_wrapped(TYPE_PREFIX, text, ")")
    if error:
        return None, f"{expected}; {error}"
    if len(tree.stmts) != 1 or tree.stmts[0].stmt.WhichOneof("node") != "create_stmt":
        return None, f"{expected}, not several statements"
    create = tree.stmts[0].stmt.create_stmt
    extra = {f.name for f, _ in create.ListFields()} - {"relation", "table_elts", "oncommit"}
    if extra or len(create.table_elts) != 1 or create.table_elts[0].WhichOneof("node") != "column_def":
        return None, f"{expected}, with nothing after it"
    column = create.table_elts[0].column_def
    extra = {f.name for f, _ in column.ListFields()} - {"colname", "type_name", "is_local", "location"}
    if extra:
        return None, f"{expected}, without constraints, defaults or collations"
    if column.type_name.setof or column.type_name.pct_type:
        return None, f"{expected}, not SETOF or %TYPE"
    return column.type_name, None


def check_type(text: str, path: str) -> list[Problem]:
    """Problems with the column type ``text`` at ``path``."""
    _, reason = parse_type(text)
    return [Problem(path, short(text), reason)] if reason else []


def is_integer_type(text: str) -> bool | None:
    """True for smallint/integer/bigint (not arrays), False for other types, None if unparsable."""
    type_name, _ = parse_type(text)
    if type_name is None:
        return None
    names = [n.string.sval for n in type_name.names]
    return names[-1] in {"int2", "int4", "int8"} and len(type_name.array_bounds) == 0


def check_bound(text: str, path: str, strategy: str | None) -> list[Problem]:
    """Problems with a partition bound (text after FOR VALUES, or DEFAULT) for ``strategy``."""
    is_default = text.strip().upper() == "DEFAULT"
    form = _BOUND_FORM.get(strategy or "", "FROM (...) TO (...), IN (...) or WITH (MODULUS n, REMAINDER r)")
    expected = f"a partition bound such as {form}, or DEFAULT"
    if text.strip().upper().startswith("FOR VALUES"):
        return [Problem(path, short(text), f"{expected}, without the leading FOR VALUES")]
    prefix = BOUND_PREFIX + ("" if is_default else "FOR VALUES ")
    tree, error = _parse_wrapped(prefix, "DEFAULT" if is_default else text, "")
    if error:
        return [Problem(path, short(text), f"{expected}; {error}")]
    if len(tree.stmts) != 1 or tree.stmts[0].stmt.WhichOneof("node") != "create_stmt":
        return [Problem(path, short(text), f"{expected}, not several statements")]
    create = tree.stmts[0].stmt.create_stmt
    extra = {f.name for f, _ in create.ListFields()} - {"relation", "inh_relations", "partbound", "oncommit"}
    if extra:
        return [Problem(path, short(text), f"{expected}, with nothing after it")]
    if any(t.token in (pb.SQL_COMMENT, pb.C_COMMENT) for t in postgast.scan(text).tokens):
        return [Problem(path, short(text), f"{expected}, without comments (the bound ends the statement)")]
    bound = create.partbound
    for _, node in postgast.walk(bound):
        if not isinstance(node, _BOUND_NODES) or (
            isinstance(node, pb.ColumnRef)
            and [f.string.sval.lower() for f in node.fields] not in (["minvalue"], ["maxvalue"])
        ):
            return [Problem(path, short(text), f"a partition bound of constants (or MINVALUE/MAXVALUE): {form}")]
    if strategy and not bound.is_default and bound.strategy != _STRATEGY[strategy]:
        return [Problem(path, short(text), f"a {strategy} partition bound: {form}, or DEFAULT")]
    if strategy == "hash" and bound.is_default:
        return [Problem(path, short(text), f"a hash partition bound: {form} (hash partitioning has no DEFAULT)")]
    return []


def check_query(text: str, path: str) -> list[Problem]:
    """Problems with an access-pattern query: exactly one SELECT, INSERT, UPDATE or DELETE."""
    expected = "exactly one SELECT, INSERT, UPDATE or DELETE statement"
    tree, error = _parse(text)
    if error:
        return [Problem(path, short(text), f"{expected}; it does not parse: {error}")]
    kinds = [s.stmt.WhichOneof("node") for s in tree.stmts]
    if len(kinds) != 1:
        return [Problem(path, short(text), f"{expected}, not {len(kinds)}")]
    if kinds[0] not in {"select_stmt", "insert_stmt", "update_stmt", "delete_stmt"}:
        return [Problem(path, short(text), expected)]
    return []


def referenced_columns(expression: str) -> list[str]:
    """Distinct column names referenced by ``expression`` in order of appearance ([] if unparsable)."""
    tree, error = _parse(f"{EXPR_PREFIX}{expression})")
    if error:
        return []
    names: list[str] = []
    for ref in postgast.find_nodes(tree, pb.ColumnRef):
        last = ref.fields[-1] if ref.fields else None
        if last is not None and last.WhichOneof("node") == "string" and last.string.sval not in names:
            names.append(last.string.sval)
    return names


def created_tables(sql: str) -> set[tuple[str | None, str]] | None:
    """``(schema or None, name)`` of every table ``sql`` creates; None when it does not parse."""
    if not sql.strip():
        return set()
    tree, error = _parse(sql)
    if error:
        return None
    tables: set[tuple[str | None, str]] = set()
    for raw in tree.stmts:
        kind = raw.stmt.WhichOneof("node")
        relation = None
        if kind == "create_stmt":
            relation = raw.stmt.create_stmt.relation
        elif kind == "create_table_as_stmt":
            relation = raw.stmt.create_table_as_stmt.into.rel
        if relation is not None:
            tables.add((relation.schemaname or None, relation.relname))
    return tables
