"""Privileges across a replacement, as the application sees them after the apply.

The fixture harness checks that a second plan is empty; it cannot see a privilege the planner does not compare:
PUBLIC's EXECUTE, which a re-created function gets by default. These cases apply a fixture's plan and ask
PostgreSQL who may do what.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from schemawright import engine
from schemawright.execute import Options, apply_plan
from schemawright.spec import load

HERE = Path(__file__).parent


def _applied(case: str, make_database: Callable[[str], str], pg_server: object) -> str:
    live_url = make_database("live")
    with psycopg.connect(live_url, autocommit=True) as conn:
        conn.execute((HERE / case / "live.sql").read_bytes())
    desired = load(HERE / case / "desired.sql")
    plan = engine.make_plan(desired, live_url, pg_server.url("postgres")).plan  # type: ignore[attr-defined]
    apply_plan(plan, live_url, Options(allow_destructive=True))
    return live_url


@pytest.mark.parametrize(
    ("case", "function", "view"),
    [
        ("func_return_type_changed_keeps_grants", "euros(integer)", "price_list"),
        ("type_composite_swap_with_function", "in_euros(integer)", "payment_euros"),
    ],
)
def test_a_re_created_function_is_executable_by_its_role_only_and_its_view_stays_readable(
    case: str, function: str, view: str, make_database: Callable[[str], str], pg_server: object
) -> None:
    url = _applied(case, make_database, pg_server)
    role = f"sw_fx_{case}"
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT has_function_privilege(%s, %s, 'EXECUTE'), has_table_privilege(%s, %s, 'SELECT'),"
            " EXISTS (SELECT FROM pg_proc p, aclexplode(p.proacl) a WHERE p.oid = %s::regprocedure"
            " AND a.grantee = 0) OR (SELECT proacl IS NULL FROM pg_proc WHERE oid = %s::regprocedure)",
            (role, function, role, view, function, function),
        ).fetchone()
    assert row == (True, True, False), "role may execute, role may read the view, PUBLIC may not execute"
