"""The command line as a user (or CI) runs it: exit codes, output, and what happens to the database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from schemawright.cli.app import main
from schemawright.connect.embedded import EmbeddedServer

ROOT = Path(__file__).resolve().parents[2]
SHOP = ROOT / "examples" / "shop"

DOC = """\
apiVersion: schemawright.io/v1alpha1
kind: DatabaseSchema
metadata: {name: accounts}
spec:
  tables:
    - name: accounts
      primaryKey: {columns: [id]}
      columns:
        - {name: id, type: bigint, nullable: false, identity: always}
        - {name: email, type: text, nullable: false}
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(tmp_path: Path, text: str, name: str = "schema.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_validate_accepts_the_shop_examples(capsys: pytest.CaptureFixture[str]) -> None:
    for version in ("v1", "v2"):
        code, out, _ = run(capsys, "validate", str(SHOP / version / "schema.yaml"))
        assert code == 0
        assert "valid" in out


def test_invalid_document_exits_2_naming_the_field_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = write(tmp_path, DOC.replace("type: text", "type: 42"))
    code, out, err = run(capsys, "validate", doc)
    assert code == 2
    assert "spec.tables[0].columns[1].type" in err
    assert "Traceback" not in err + out


def test_forbidden_sql_is_rejected_before_any_database_is_touched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], targets: list[str], pg_server: EmbeddedServer
) -> None:
    sql = "  sql: |\n    CREATE VIEW v AS SELECT 1 AS x;\n    COPY accounts FROM '/etc/passwd';\n"
    doc = write(tmp_path, DOC + sql)
    with psycopg.connect(pg_server.url("postgres"), autocommit=True) as conn:
        databases_before = conn.execute("SELECT count(*) FROM pg_database").fetchone()
    code, _, err = run(capsys, "plan", doc, *targets)
    assert code == 2
    assert "statement 2" in err and "COPY" in err
    with psycopg.connect(pg_server.url("postgres"), autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM pg_database").fetchone() == databases_before


def test_plan_json_is_stable_and_documented(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], targets: list[str]
) -> None:
    doc = write(tmp_path, DOC)
    code, out, _ = run(capsys, "plan", doc, *targets, "--format", "json", "--out", str(tmp_path / "plan.json"))
    assert code == 0
    plan = json.loads(out)
    assert plan == json.loads((tmp_path / "plan.json").read_text())
    assert {"fingerprint", "hash", "phases"} <= plan.keys()
    assert [p["name"] for p in plan["phases"]] == ["expand", "backfill", "constrain", "switch", "contract"]
    step = plan["phases"][0]["steps"][0]
    assert {"sql", "hazards", "lock", "transactional", "destructive", "rollback", "reason"} <= step.keys()
    code, again, _ = run(capsys, "plan", doc, *targets, "--format", "json")
    assert json.loads(again)["hash"] == plan["hash"]
    # A saved plan runs with the document's timeouts.
    assert plan["execution"]["lockTimeoutMs"] == 2000
    slow = write(tmp_path, DOC.replace("spec:\n", "spec:\n  policy: {lockTimeout: 750ms}\n"), "slow.yaml")
    code, out, _ = run(capsys, "plan", slow, *targets, "--format", "json")
    assert json.loads(out)["execution"]["lockTimeoutMs"] == 750
    assert json.loads(out)["hash"] == plan["hash"]


def test_markdown_plan_is_fit_for_a_pull_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], targets: list[str]
) -> None:
    code, out, _ = run(capsys, "plan", write(tmp_path, DOC), *targets, "--format", "markdown")
    assert code == 0
    assert out.startswith("### schemawright plan for accounts")
    assert "| # | step | lock | hazards | tx | why |" in out


def test_apply_stops_before_contract_until_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], targets: list[str]
) -> None:
    url = targets[1]
    assert run(capsys, "apply", write(tmp_path, DOC), *targets)[0] == 0
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("INSERT INTO accounts (email) SELECT 'a' || i FROM generate_series(1, 10) i")
    smaller = DOC.replace("        - {name: email, type: text, nullable: false}\n", "")
    code, _, err = run(capsys, "apply", write(tmp_path, smaller, "v2.yaml"), *targets)
    assert code == 3
    assert "waiting for approval" in err and "email" in err
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT count(email) FROM accounts").fetchone() == (10,)
    code, _, _ = run(capsys, "apply", str(tmp_path / "v2.yaml"), *targets, "--allow-destructive")
    assert code == 0
    with psycopg.connect(url, autocommit=True) as conn:
        columns = [
            r[0]
            for r in conn.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts'")
        ]
    assert columns == ["id"]


def test_saved_plan_is_refused_when_the_live_schema_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], targets: list[str]
) -> None:
    url = targets[1]
    plan_file = str(tmp_path / "plan.json")
    assert run(capsys, "plan", write(tmp_path, DOC), *targets, "--out", plan_file, "--format", "json")[0] == 0
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE intruder (id int)")
    code, _, err = run(capsys, "apply", plan_file, *targets)
    assert code == 5
    assert "changed since this plan was made" in err
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT to_regclass('public.accounts')").fetchone() == (None,)


def test_saved_plan_applies_when_nothing_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], targets: list[str]
) -> None:
    plan_file = str(tmp_path / "plan.json")
    run(capsys, "plan", write(tmp_path, DOC), *targets, "--out", plan_file, "--format", "json")
    assert run(capsys, "apply", plan_file, *targets)[0] == 0
    with psycopg.connect(targets[1], autocommit=True) as conn:
        assert conn.execute("SELECT to_regclass('public.accounts')::text").fetchone() == ("accounts",)


def test_unreachable_database_exits_4_and_masks_the_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pg_server: EmbeddedServer
) -> None:
    bad = "postgresql://app:s3cret-pw@127.0.0.1:1/shop?connect_timeout=2"
    code, out, err = run(
        capsys, "plan", write(tmp_path, DOC), "--database", bad, "--shadow-url", pg_server.url("postgres")
    )
    assert code == 4
    assert "s3cret-pw" not in out + err
    assert "app:***@127.0.0.1" in err


def test_diff_shows_the_raw_differ_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], targets: list[str]
) -> None:
    code, out, _ = run(capsys, "diff", write(tmp_path, DOC), *targets)
    assert code == 0
    assert 'create table "public"."accounts"' in out


def test_demo_runs_on_the_embedded_server(tmp_path: Path) -> None:
    """README command one: the demo reaches shop v2 with every row intact."""
    result = subprocess.run(
        [sys.executable, "-m", "schemawright", "demo"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SCHEMAWRIGHT_HOME": str(tmp_path), "COLUMNS": "200"},
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "live schema equals v2: True" in result.stdout
    assert "every row intact: True" in result.stdout
    # A re-created view is not a table that "holds data"; sizes read as sentences.
    assert "table current_product_prices holds data" not in result.stdout
    assert "of data)" not in result.stdout


def test_a_policy_for_a_role_the_shadow_server_lacks_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], targets: list[str]
) -> None:
    doc = DOC + (
        "      rowLevelSecurity:\n        enabled: true\n        policies:\n"
        '          - {name: own_rows, roles: [app_reader], using: "true"}\n'
    )
    code, _, err = run(capsys, "plan", write(tmp_path, doc), *targets)
    assert code == 2
    assert 'role "app_reader" does not exist' in err
    assert "Roles are server-wide" in err


def test_a_refused_approval_of_a_saved_plan_leaves_no_running_plan_in_the_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], targets: list[str]
) -> None:
    url = targets[1]
    assert run(capsys, "apply", write(tmp_path, DOC), *targets)[0] == 0
    smaller = write(tmp_path, DOC.replace("        - {name: email, type: text, nullable: false}\n", ""), "v2.yaml")
    plan_file = str(tmp_path / "plan.json")
    assert run(capsys, "plan", smaller, *targets, "--out", plan_file, "--format", "json")[0] == 0
    code, _, err = run(capsys, "apply", plan_file, *targets, "--approve", "0123456789abcdef")
    assert code == 3 and "refused" in err
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT status FROM schemawright.plans ORDER BY id DESC LIMIT 1").fetchone() == ("failed",)
        assert conn.execute(
            "SELECT count(*) FROM information_schema.columns WHERE column_name = 'email'"
        ).fetchone() == (1,)
