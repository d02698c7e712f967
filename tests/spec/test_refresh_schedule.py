"""``spec.refresh[]``: what `schemawright validate` rejects (no database), and that its rule for REFRESH
CONCURRENTLY is PostgreSQL 18's own (checked against the embedded server)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from schemawright.errors import SpecError
from schemawright.guard import Overrides
from schemawright.spec import from_document
from schemawright.spec.matviews import declared_views

SQL = """
CREATE MATERIALIZED VIEW daily_sales AS SELECT day, sum(amount) AS total FROM sales GROUP BY day;
CREATE UNIQUE INDEX daily_sales_day ON daily_sales (day);
CREATE MATERIALIZED VIEW partial_only AS SELECT day FROM sales GROUP BY day;
CREATE UNIQUE INDEX partial_only_day ON partial_only (day) WHERE day > '2020-01-01';
CREATE VIEW plain AS SELECT day FROM sales;
"""


def document(refresh: list[dict[str, Any]], sql: str = SQL) -> dict[str, Any]:
    return {
        "apiVersion": "schemawright.io/v1alpha1",
        "kind": "DatabaseSchema",
        "metadata": {"name": "caching"},
        "spec": {
            "tables": [
                {
                    "name": "sales",
                    "columns": [
                        {"name": "id", "type": "bigint", "nullable": False, "identity": "always"},
                        {"name": "day", "type": "date", "nullable": False},
                        {"name": "amount", "type": "numeric", "nullable": False},
                    ],
                    "primaryKey": {"columns": ["id"]},
                }
            ],
            "sql": sql,
            "refresh": refresh,
        },
    }


def problems(refresh: list[dict[str, Any]], *, short: bool = False) -> dict[str, str]:
    with pytest.raises(SpecError) as caught:
        from_document(document(refresh), "caching.yaml", overrides=Overrides(short_refresh=short))
    return {p.path: f"{p.found} → {p.expected}" for p in caught.value.problems}


def test_a_valid_schedule_is_built_with_defaults() -> None:
    desired = from_document(
        document(
            [
                {"view": "daily_sales", "every": "15m"},
                {"view": "public.partial_only", "every": "1h", "concurrently": False, "timeout": "30s"},
            ]
        ),
        "caching.yaml",
    )
    first, second = desired.refresh
    assert (first.qualified, first.every_ms, first.concurrently, first.timeout_ms) == (
        "public.daily_sales",
        900_000,
        True,
        600_000,
    )
    assert (second.qualified, second.concurrently, second.timeout_ms) == ("public.partial_only", False, 30_000)


def test_missing_unique_index_is_rejected_naming_the_path_and_the_fix() -> None:
    found = problems([{"view": "partial_only", "every": "15m"}])
    assert list(found) == ["spec.refresh[0].concurrently"]
    assert "CREATE UNIQUE INDEX" in found["spec.refresh[0].concurrently"]
    assert "no WHERE clause" in found["spec.refresh[0].concurrently"]
    assert "concurrently: false" in found["spec.refresh[0].concurrently"]


@pytest.mark.parametrize(
    ("view", "found"),
    [
        ("nope", "no such view"),
        ("sales", "a table"),
        ("plain", "a plain view"),
        ("other.daily_sales", "no such view"),
    ],
)
def test_a_view_that_is_not_a_declared_materialized_view_is_rejected(view: str, found: str) -> None:
    message = problems([{"view": view, "every": "15m"}])["spec.refresh[0].view"]
    assert found in message
    assert "public.daily_sales" in message or "plain view" in message


def test_short_intervals_need_the_platform_flag() -> None:
    found = problems([{"view": "daily_sales", "every": "30s"}])
    assert found == {
        "spec.refresh[0].every": "30s → at least 1m (a shorter interval needs the platform's --allow-short-refresh)"
    }
    desired = from_document(
        document([{"view": "daily_sales", "every": "30s"}]), "caching.yaml", overrides=Overrides(short_refresh=True)
    )
    assert desired.refresh[0].every_ms == 30_000


def test_bad_durations_and_duplicates_are_all_reported() -> None:
    found = problems(
        [
            {"view": "daily_sales", "every": "15 minutes"},
            {"view": "daily_sales", "every": "15m", "timeout": "0s"},
            {"view": "public.daily_sales", "every": "1h", "colour": "red"},
        ]
    )
    assert "spec.refresh[0].every" in found
    assert "spec.refresh[2].colour" in found


def test_duplicate_views_and_zero_timeouts() -> None:
    found = problems(
        [{"view": "daily_sales", "every": "15m"}, {"view": "public.daily_sales", "every": "1h", "timeout": "0s"}]
    )
    assert set(found) == {"spec.refresh[1].view", "spec.refresh[1].timeout"}
    assert "spec.refresh[0] schedules it too" in found["spec.refresh[1].view"]


INDEXES = {
    "plain unique": "CREATE UNIQUE INDEX {n} ON mv (a)",
    "two columns": "CREATE UNIQUE INDEX {n} ON mv (a, b)",
    "with include": "CREATE UNIQUE INDEX {n} ON mv (a) INCLUDE (b)",
    "partial": "CREATE UNIQUE INDEX {n} ON mv (a) WHERE a > 0",
    "expression": "CREATE UNIQUE INDEX {n} ON mv ((a + 1))",
    "mixed": "CREATE UNIQUE INDEX {n} ON mv (a, (b * 2))",
    "not unique": "CREATE INDEX {n} ON mv (a)",
    "hash": "CREATE INDEX {n} ON mv USING hash (a)",
}


@pytest.mark.parametrize("case", sorted(INDEXES))
def test_the_concurrency_rule_is_postgresqls(case: str, make_database: Callable[[str], str]) -> None:
    """The parse-only rule agrees with what PostgreSQL 18 accepts for REFRESH MATERIALIZED VIEW CONCURRENTLY."""
    sql = (
        f"CREATE MATERIALIZED VIEW mv AS SELECT g AS a, g AS b FROM generate_series(1, 3) g;\n"
        f"{INDEXES[case].format(n='mv_idx')};"
    )
    views = declared_views(sql, "public")
    assert views is not None
    predicted = views[("public", "mv")].refreshable_concurrently()
    with psycopg.connect(make_database("mv"), autocommit=True) as conn:
        for statement in sql.split(";\n"):
            conn.execute(statement.rstrip(";"))
        try:
            conn.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY mv")
            accepted = True
        except psycopg.errors.ObjectNotInPrerequisiteState:
            accepted = False
    assert predicted == accepted
