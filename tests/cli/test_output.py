"""What a newcomer reads: output in pipes and CI logs, error messages, and the target named in every plan."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from test_cli import DOC, run, write

from schemawright.connect import targets as targets_module
from schemawright.connect.embedded import EmbeddedServer

LONG_TEXT = "a default text much longer than any terminal is wide, " * 4


@pytest.fixture
def embedded_is_test_server(pg_server: EmbeddedServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[EmbeddedServer]:
    """Commands without --database use the test's embedded server (as a laptop uses its own)."""
    monkeypatch.setattr(targets_module, "_server", pg_server)
    yield pg_server


def test_diff_in_a_pipe_is_never_wrapped_inside_a_string_literal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], targets: list[str]
) -> None:
    doc = DOC.replace("type: text, nullable: false}", f"type: text, nullable: false, default: \"'{LONG_TEXT}'\"}}")
    code, out, _ = run(capsys, "diff", write(tmp_path, doc), *targets)
    assert code == 0
    assert LONG_TEXT in out  # one line, exactly as the SQL says it
    assert "\x1b[" not in out  # no styling codes in a file


def test_plan_in_a_log_shows_every_lock_and_hazard_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], targets: list[str]
) -> None:
    assert run(capsys, "apply", write(tmp_path, DOC), *targets)[0] == 0
    smaller = write(tmp_path, DOC.replace("        - {name: email, type: text, nullable: false}\n", ""), "v2.yaml")
    code, out, _ = run(capsys, "plan", smaller, *targets)
    assert code == 0, out
    assert "lock ACCESS EXCLUSIVE · hazards BREAKS_CLIENTS, IRREVERSIBLE" in out
    assert "…" not in out
    assert "contract steps run only with --approve" in out


def test_approving_says_the_contract_runs_now(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], targets: list[str]
) -> None:
    assert run(capsys, "apply", write(tmp_path, DOC), *targets)[0] == 0
    smaller = write(tmp_path, DOC.replace("        - {name: email, type: text, nullable: false}\n", ""), "v2.yaml")
    code, out, _ = run(capsys, "apply", smaller, *targets)
    assert code == 3
    plan_hash = next(line.split()[1] for line in out.splitlines() if line.startswith("plan "))
    code, out, _ = run(capsys, "apply", smaller, *targets, "--approve", plan_hash)
    assert code == 0
    assert "run only with" not in out
    assert f"approved (plan {plan_hash}) and run in this apply" in out


def test_reapplying_a_saved_plan_says_already_applied(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], targets: list[str]
) -> None:
    plan_file = str(tmp_path / "plan.json")
    assert run(capsys, "plan", write(tmp_path, DOC), *targets, "--out", plan_file)[0] == 0
    assert run(capsys, "apply", plan_file, *targets)[0] == 0
    code, out, err = run(capsys, "apply", plan_file, *targets)
    assert code == 0, err
    assert "already applied" in out
    assert "changed" not in out + err


def test_a_saved_plan_stopped_at_the_gate_continues_when_approved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], targets: list[str]
) -> None:
    assert run(capsys, "apply", write(tmp_path, DOC), *targets)[0] == 0
    bigger = DOC.replace(
        "        - {name: email, type: text, nullable: false}\n", "        - {name: nickname, type: text}\n"
    )
    plan_file = str(tmp_path / "plan.json")
    assert run(capsys, "plan", write(tmp_path, bigger, "v2.yaml"), *targets, "--out", plan_file)[0] == 0
    code, _, _ = run(capsys, "apply", plan_file, *targets)
    assert code == 3  # expand ran (nickname added); dropping email waits
    plan_hash = json.loads(Path(plan_file).read_text())["hash"]
    code, _, err = run(capsys, "apply", plan_file, *targets, "--approve", plan_hash)
    assert code == 0, err
    with psycopg.connect(targets[1], autocommit=True) as conn:
        columns = {
            r[0]
            for r in conn.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts'")
        }
    assert columns == {"id", "nickname"}


def test_backfill_progress_prints_in_order_in_a_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], targets: list[str]
) -> None:
    assert run(capsys, "apply", write(tmp_path, DOC), *targets)[0] == 0
    with psycopg.connect(targets[1], autocommit=True) as conn:
        conn.execute("INSERT INTO accounts (email) SELECT 'u' || g FROM generate_series(1, 500) g")
    filled = DOC.replace(
        "type: text, nullable: false}\n",
        "type: text, nullable: false}\n        - {name: plan, type: text, nullable: false, backfill: \"'free'\"}\n",
    )
    code, out, err = run(capsys, "apply", write(tmp_path, filled, "v2.yaml"), *targets)
    assert code == 0, err
    lines = out.splitlines()
    progress = next(i for i, line in enumerate(lines) if "backfill" in line and "accounts.plan: 500/500 rows" in line)
    done = next(i for i, line in enumerate(lines) if line.strip().startswith("done") and "BACKFILL" in line)
    assert progress < done  # printed as it happened, not after everything else


def test_a_bad_flag_and_a_missing_file_are_not_problems_in_a_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "plan", write(tmp_path, DOC), "--database", "localhost:5432/shop")
    assert code == 2
    assert "--database: found 'localhost:5432/shop'; expected a URL such as postgresql://" in err
    assert "in the document" not in err
    code, _, err = run(capsys, "validate", str(tmp_path / "missing.yaml"))
    assert code == 2
    assert "missing.yaml: found no such file" in err and "in the document" not in err


def test_an_unknown_field_is_named_with_its_close_match(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", write(tmp_path, DOC.replace("  tables:", "  tabels:")))
    assert code == 2
    assert "spec.tabels: found the unknown field 'tabels'; expected a known field: did you mean 'tables'?" in err


def test_validate_counts_the_tables_of_a_sql_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sql = write(
        tmp_path,
        "CREATE TABLE a (id bigint PRIMARY KEY);\nCREATE TABLE b (id bigint PRIMARY KEY, a_id bigint REFERENCES a);\n",
        "structure.sql",
    )
    code, out, _ = run(capsys, "validate", sql)
    assert code == 0
    assert "2 table(s)" in out


def test_each_document_gets_its_own_embedded_database_named_in_the_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, embedded_is_test_server: EmbeddedServer
) -> None:
    assert run(capsys, "apply", write(tmp_path, DOC))[0] == 0
    other = DOC.replace("name: accounts}", "name: billing}").replace("- name: accounts", "- name: invoices")
    code, out, _ = run(capsys, "plan", write(tmp_path, other, "billing.yaml"))
    assert code == 0
    assert "→ database billing on the embedded PostgreSQL" in out
    assert "accounts" not in out  # another project's table is never proposed for dropping
    code, out, _ = run(capsys, "status", str(tmp_path / "schema.yaml"))
    assert code == 0 and "database accounts" in out and "done" in out


def test_a_document_with_sql_from_is_refused_naming_the_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    doc = write(tmp_path, DOC + "  sqlFrom:\n    - {configMap: views, key: views.sql}\n")
    code, _, err = run(capsys, "validate", doc)
    assert code == 2
    assert "spec.sqlFrom: found ConfigMap references, which only the operator can read" in err
    assert "spec.sql or a .sql file" in err
