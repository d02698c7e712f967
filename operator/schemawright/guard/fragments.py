"""The guard of document fragments: one expression (a default, a check, an index WHERE, a policy) and an
access-pattern query.
"""

from __future__ import annotations

import postgast
from postgast import pg_query_pb2 as pb

from schemawright.errors import GuardError
from schemawright.guard import reasons
from schemawright.guard.functions import forbidden_references
from schemawright.guard.kinds import statement_kind
from schemawright.guard.positions import line_column
from schemawright.guard.settings import SELECT_OF_ONE_EXPRESSION
from schemawright.guard.walk import DML_NODES

_EXPRESSION_PREFIX = "SELECT ("


_EXPRESSION_SUFFIX = "\n)"  # on its own line, so a trailing -- comment cannot swallow it


_NOT_ONE_EXPRESSION = "expected one SQL expression, found statements, a list or clauses"


_LINE_COMMENT = (
    "a -- comment would swallow whatever follows the expression when it is embedded in DDL; "
    "use /* ... */ or leave the comment out"
)


def check_expression(expr: str, *, origin: str) -> None:
    """Check one SQL expression from a document field (a default, a check, an index WHERE, a policy).

    It must be a single expression (not statements, lists or clauses), safe to embed in generated DDL
    (no ``--`` comment), and must not call a forbidden function anywhere, subqueries included. Raises
    GuardError naming the line and column in ``expr``.
    """
    prefix = len(_EXPRESSION_PREFIX.encode())
    data = expr.encode()
    try:
        tree = postgast.parse(_EXPRESSION_PREFIX + expr + _EXPRESSION_SUFFIX)
    except postgast.PgQueryError as error:
        offset = min(max(error.cursorpos - 1 - prefix, 0), len(data))
        line, column = line_column(data, offset)
        raise GuardError(origin, 1, line, column, "invalid expression", error.message) from None
    target = _single_expression(tree)
    if target is None:
        raise GuardError(origin, 1, 1, 1, "invalid expression", _NOT_ONE_EXPRESSION)
    comment = next((t for t in postgast.scan(expr).tokens if t.token == pb.SQL_COMMENT), None)
    if comment is not None:
        line, column = line_column(data, comment.start)
        raise GuardError(origin, 1, line, column, "invalid expression", _LINE_COMMENT)
    found = next(forbidden_references(target), None)
    if found is not None:
        name, why, location = found
        line, column = line_column(data, location - prefix)
        raise GuardError(origin, 1, line, column, "expression", f"it calls {name}(), which {why}")


_QUERY_KINDS = frozenset({"select_stmt", "insert_stmt", "update_stmt", "delete_stmt"})


_ONE_QUERY = "expected exactly one SELECT, INSERT, UPDATE or DELETE statement"


def check_query(query: str, *, origin: str) -> None:
    """Check an access-pattern query (``spec.accessPatterns[].query``) before the linter EXPLAINs it in a
    shadow database (it is planned there, never executed).

    It must be exactly one SELECT, INSERT, UPDATE or DELETE, with no data change hidden in a WITH clause
    (beyond the statement's own), no ``SELECT ... INTO`` (which creates a table), and no call to a forbidden
    function anywhere. Raises GuardError naming the line and column in ``query``.
    """
    try:
        tree = postgast.parse(query)
    except postgast.PgQueryError as error:
        line, column = line_column(query.encode(), max(error.cursorpos - 1, 0))
        raise GuardError(origin, 1, line, column, "invalid SQL", error.message) from None
    if len(tree.stmts) != 1 or tree.stmts[0].stmt.WhichOneof("node") not in _QUERY_KINDS:
        raise GuardError(origin, 1, 1, 1, "access pattern", _ONE_QUERY)
    node = tree.stmts[0].stmt
    kind = statement_kind(node)
    changes = sum(1 for _field, message in postgast.walk(node) if isinstance(message, DML_NODES))
    if changes > (0 if node.HasField("select_stmt") else 1):
        raise GuardError(origin, 1, 1, 1, kind, reasons.NESTED_DML)
    selects = postgast.find_nodes(node, pb.SelectStmt) if node.HasField("select_stmt") else ()
    if any(s.HasField("into_clause") for s in selects):
        raise GuardError(
            origin, 1, 1, 1, "SELECT INTO", "it creates a table; an access pattern only reads or changes rows"
        )
    found = next(forbidden_references(node), None)
    if found is not None:
        name, why, location = found
        line, column = line_column(query.encode(), max(location, 0))
        raise GuardError(origin, 1, line, column, kind, f"it calls {name}(), which {why}")


def _single_expression(tree: pb.ParseResult) -> pb.Node | None:
    """The expression of ``SELECT (<expr>)``, or None when the text was more than one expression."""
    if len(tree.stmts) != 1 or not tree.stmts[0].stmt.HasField("select_stmt"):
        return None
    select = tree.stmts[0].stmt.select_stmt
    fields = {descriptor.name for descriptor, _value in select.ListFields()}
    if not fields <= SELECT_OF_ONE_EXPRESSION or len(select.target_list) != 1:
        return None
    target = select.target_list[0].res_target
    return None if target.name else target.val
