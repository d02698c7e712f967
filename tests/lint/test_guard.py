"""Access-pattern queries pass the SQL guard before the linter EXPLAINs them anywhere."""

from __future__ import annotations

import pytest

from schemawright.errors import GuardError
from schemawright.guard import check_query


@pytest.mark.parametrize(
    "query",
    [
        "SELECT id FROM orders WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT 50",
        "UPDATE orders SET status = $1 WHERE id = $2",
        "INSERT INTO orders (id) VALUES ($1) RETURNING id",
        "DELETE FROM orders WHERE id = $1",
        "WITH recent AS (SELECT id FROM orders WHERE created_at > $1) SELECT count(*) FROM recent",
    ],
)
def test_queries_an_application_runs_are_accepted(query: str) -> None:
    check_query(query, origin="doc.yaml: spec.accessPatterns[0].query")


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("SELECT pg_read_file('/etc/passwd')", "pg_read_file"),
        ("SELECT id FROM orders WHERE id = (SELECT lo_import('/etc/passwd'))", "lo_import"),
        ("WITH gone AS (DELETE FROM orders RETURNING id) SELECT * FROM gone", "data-modifying"),
        ("WITH gone AS (DELETE FROM orders RETURNING id) UPDATE t SET x = 1", "data-modifying"),
        ("SELECT * INTO copy FROM orders", "creates a table"),
        ("CREATE TABLE x (id int)", "exactly one SELECT"),
        ("SELECT 1; SELECT 2", "exactly one SELECT"),
        ("SELEC 1", "syntax error"),
    ],
)
def test_anything_else_is_refused_with_its_reason(query: str, reason: str) -> None:
    with pytest.raises(GuardError, match=reason):
        check_query(query, origin="doc.yaml: spec.accessPatterns[0].query")
