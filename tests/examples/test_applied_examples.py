"""Every example is applied to PostgreSQL 18 as its README says, and does what it promises."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from schemawright.cli.app import main
from schemawright.connect.embedded import EmbeddedServer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@pytest.fixture
def targets(make_database: Callable[[str], str], pg_server: EmbeddedServer) -> list[str]:
    return ["--database", make_database("example"), "--shadow-url", pg_server.url("postgres")]


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_saas_tenants_see_only_their_own_rows(capsys: pytest.CaptureFixture[str], targets: list[str]) -> None:
    assert cli(capsys, "apply", str(EXAMPLES / "saas" / "schema.yaml"), *targets)[0] == 0
    url = targets[1]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS saas_app")
        conn.execute("CREATE ROLE saas_app NOLOGIN")
        conn.execute("GRANT SELECT, INSERT ON projects, tasks TO saas_app; GRANT SELECT ON tenants TO saas_app")
        a, b = (
            conn.execute("INSERT INTO tenants (name) VALUES (%s) RETURNING id", (n,)).fetchone()[0]  # type: ignore[index]
            for n in ("acme", "globex")
        )
        try:
            with conn.transaction():
                conn.execute("SET LOCAL ROLE saas_app")
                for tenant, project in ((a, "rockets"), (b, "mergers")):
                    conn.execute("SELECT set_config('app.tenant_id', %s, true)", (str(tenant),))
                    conn.execute("INSERT INTO projects (name) VALUES (%s)", (project,))
                conn.execute("SELECT set_config('app.tenant_id', %s, true)", (str(a),))
                assert conn.execute("SELECT name FROM projects").fetchall() == [("rockets",)]
                with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                    conn.execute("INSERT INTO projects (tenant_id, name) VALUES (%s, 'spy')", (b,))
                conn.execute("SELECT set_config('app.tenant_id', %s, true)", (str(b),))
                assert conn.execute("SELECT name FROM projects").fetchall() == [("mergers",)]
        finally:
            conn.execute("DROP OWNED BY saas_app")
            conn.execute("DROP ROLE saas_app")


def test_three_releases_expand_then_contract_with_approval(
    capsys: pytest.CaptureFixture[str], targets: list[str]
) -> None:
    releases = EXAMPLES / "releases"
    assert cli(capsys, "apply", str(releases / "v1" / "schema.yaml"), *targets)[0] == 0
    with psycopg.connect(targets[1], autocommit=True) as conn:
        conn.execute(
            "INSERT INTO accounts (email, name) SELECT 'u' || g || '@example.com', 'User ' || g "
            "FROM generate_series(1, 300) g"
        )
        conn.execute("INSERT INTO accounts (email) VALUES ('nameless@example.com')")
    code, out = cli(capsys, "apply", str(releases / "v2" / "schema.yaml"), *targets)
    assert code == 0, out  # expand only: nothing to approve
    code, out = cli(capsys, "apply", str(releases / "v3" / "schema.yaml"), *targets)
    assert code == 3, out
    plan_hash = re.search(r"--approve ([0-9a-f]{16})", out)
    assert plan_hash, out
    with psycopg.connect(targets[1], autocommit=True) as conn:
        assert conn.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'name'"
        ).fetchone() == (1,)  # nothing dropped before approval
    code, out = cli(capsys, "apply", str(releases / "v3" / "schema.yaml"), *targets, "--approve", plan_hash.group(1))
    assert code == 0, out
    with psycopg.connect(targets[1], autocommit=True) as conn:
        columns = [
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'accounts' ORDER BY ordinal_position"
            )
        ]
        assert columns == ["id", "email", "display_name"]
        assert conn.execute("SELECT display_name FROM accounts WHERE email = 'u7@example.com'").fetchone() == (
            "User 7",
        )
        assert conn.execute("SELECT display_name FROM accounts WHERE email = 'nameless@example.com'").fetchone() == (
            "nameless",
        )
        assert conn.execute("SELECT count(*) FROM accounts").fetchone() == (301,)
    code, out = cli(capsys, "plan", str(releases / "v3" / "schema.yaml"), *targets)
    assert code == 0 and "No changes" in out


def test_a_structure_sql_is_applied_as_it_is(capsys: pytest.CaptureFixture[str], targets: list[str]) -> None:
    structure = str(EXAMPLES / "sql-schema" / "structure.sql")
    code, out = cli(capsys, "validate", structure)
    assert code == 0 and "2 table(s)" in out
    assert cli(capsys, "apply", structure, *targets)[0] == 0
    with psycopg.connect(targets[1], autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM pg_views WHERE viewname = 'unpaid_invoices'").fetchone() == (1,)
    code, out = cli(capsys, "plan", structure, *targets)
    assert code == 0 and "No changes" in out


def test_caching_view_is_populated_at_apply_and_refreshed_on_demand(
    capsys: pytest.CaptureFixture[str], targets: list[str]
) -> None:
    schema = str(EXAMPLES / "caching" / "schema.yaml")
    url = targets[1]
    assert cli(capsys, "apply", schema, *targets)[0] == 0
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT relispopulated FROM pg_class WHERE relname = 'daily_sales'").fetchone() == (True,)
        conn.execute(
            "INSERT INTO sales (region, sold_at, amount) SELECT r, timestamptz '2026-03-01 12:00Z' + g * "
            "interval '1 day', 10 FROM generate_series(0, 9) g, unnest(ARRAY['eu', 'us']) r"
        )
    code, out = cli(capsys, "refresh", schema, "--database", url)
    assert code == 0 and "refreshed public.daily_sales: 20 row(s)" in out, out
    code, out = cli(capsys, "refresh", schema, "--database", url, "--if-due")
    assert code == 0 and "not-due public.daily_sales" in out, out
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT sum(total), sum(sales) FROM daily_sales").fetchone() == (200, 20)
    code, out = cli(capsys, "plan", schema, *targets)
    assert code == 0 and "No changes" in out, out
