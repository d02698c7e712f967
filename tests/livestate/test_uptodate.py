"""The no-op fast path: a document applied to an untouched schema is answered without a shadow or a diff;
a change by hand, another document, or a database without a journal always gets a full plan."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest

from schemawright import engine
from schemawright.cli.app import main
from schemawright.connect.embedded import EmbeddedServer
from schemawright.connect.urls import database_name
from schemawright.errors import StalePlanError
from schemawright.plan import Plan
from schemawright.spec import load

DOC = """\
apiVersion: schemawright.io/v1alpha1
kind: DatabaseSchema
metadata:
  name: members
spec:
  tables:
    - name: members
      primaryKey:
        columns: [id]
      columns:
        - name: id
          type: bigint
          nullable: false
          identity: always
        - name: handle
          type: text
          nullable: false
"""
WIDER = DOC + "        - name: nickname\n          type: text\n"
NO_SHADOW = "postgresql://nobody@127.0.0.1:1/unreachable"  # any use of a shadow would fail to connect
# What loading, guarding, diffing or rendering a document imports: none of it on the quick path, nor the
# database driver (the quick path reads through libpq itself: connect/libpq.py).
HEAVY = (
    "psycopg",
    "yaml",
    "jsonschema",
    "postgast",
    "rich",
    "migra",
    "sqlalchemy",
    "schemawright.spec",
    "schemawright.plan",
    "schemawright.engine",
)
PROBE = """
import sys
from schemawright.cli.app import main
code = main(sys.argv[1:])
print("loaded:" + ",".join(m for m in {heavy!r} if m in sys.modules))
sys.exit(code)
"""


@pytest.fixture
def live(make_database: Callable[[str], str]) -> str:
    return make_database("fast")


@pytest.fixture
def shadow(pg_server: EmbeddedServer) -> str:
    return pg_server.url("postgres")


def _doc(tmp_path: Path, text: str = DOC, name: str = "schema.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _plan(capsys: pytest.CaptureFixture[str], doc: str, live: str, shadow: str, *extra: str) -> tuple[int, str]:
    code = main(["plan", doc, "--database", live, "--shadow-url", shadow, *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _sql(url: str, statement: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(statement.encode())
        return cur.fetchall() if cur.description else []


def _journaled_plans(url: str) -> int:
    return int(str(_sql(url, "SELECT count(*) FROM schemawright.plans")[0][0]))


def test_plan_after_apply_answers_without_a_shadow(
    tmp_path: Path, live: str, shadow: str, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _doc(tmp_path)
    assert main(["apply", doc, "--database", live, "--shadow-url", shadow]) == 0
    capsys.readouterr()
    code, out = _plan(capsys, doc, live, NO_SHADOW)
    assert code == 0
    assert "nothing to do (live schema cat2:" in out and "unchanged since plan" in out
    code, out = _plan(capsys, doc, live, NO_SHADOW, "--format", "json")
    data = json.loads(out)
    assert data["summary"]["steps"] == 0 and data["fingerprint"].startswith("cat2:") and data["desiredFingerprint"]


def test_a_change_by_hand_is_never_hidden(
    tmp_path: Path, live: str, shadow: str, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _doc(tmp_path)
    engine.apply(load(doc), live, shadow)
    _sql(live, "CREATE INDEX members_handle_idx ON members (handle)")
    assert engine.up_to_date(load(doc), live) is None
    code, out = _plan(capsys, doc, live, shadow)
    assert code == 0 and "unchanged since plan" not in out and "DROP INDEX" in out, out


def test_another_document_never_reuses_the_record(
    tmp_path: Path, live: str, shadow: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine.apply(load(_doc(tmp_path)), live, shadow)
    wider = _doc(tmp_path, WIDER, "wider.yaml")
    assert engine.up_to_date(load(wider), live) is None
    code, out = _plan(capsys, wider, live, shadow)
    assert code == 0 and "nickname" in out
    # the same content under another file name is the same document
    assert engine.up_to_date(load(_doc(tmp_path, DOC, "copy.yaml")), live) is not None
    # other managed schemas make another document
    other = DOC.replace("spec:\n", "spec:\n  database: {schemas: [public, extra]}\n")
    assert engine.up_to_date(load(_doc(tmp_path, other, "other.yaml")), live) is None


def test_plan_stays_read_only_without_a_journal(
    tmp_path: Path, live: str, shadow: str, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _doc(tmp_path)
    _sql(live, "CREATE TABLE members (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, handle text NOT NULL)")
    code, out = _plan(capsys, doc, live, shadow)
    assert code == 0 and "unchanged since plan" not in out and "No changes" in out
    assert _sql(live, "SELECT to_regnamespace('schemawright')") == [(None,)]


def test_adopting_a_database_records_so_the_next_apply_is_instant(
    tmp_path: Path, live: str, shadow: str, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _doc(tmp_path)
    _sql(live, "CREATE TABLE members (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, handle text NOT NULL)")
    adopted = engine.apply(load(doc), live, shadow)
    assert adopted.plan.is_empty and adopted.up_to_date is None
    again = engine.apply(load(doc), live, NO_SHADOW)
    assert again.up_to_date is not None and again.plan.is_empty and again.report.complete
    assert again.live_fingerprint == adopted.live_fingerprint
    assert main(["apply", doc, "--database", live, "--shadow-url", NO_SHADOW]) == 0
    assert "nothing to do" in capsys.readouterr().out
    assert _journaled_plans(live) == 0  # nothing was ever run, nothing journaled as a plan


def test_a_journal_from_before_the_record_gets_its_table(tmp_path: Path, live: str, shadow: str) -> None:
    doc = _doc(tmp_path)
    engine.apply(load(doc), live, shadow)
    _sql(live, "DROP TABLE schemawright.applied_states")
    assert engine.up_to_date(load(doc), live) is None
    engine.apply(load(doc), live, shadow)
    assert engine.up_to_date(load(doc), live) is not None


def test_an_apply_waiting_for_approval_records_nothing(tmp_path: Path, live: str, shadow: str) -> None:
    engine.apply(load(_doc(tmp_path, WIDER)), live, shadow)
    narrower = load(_doc(tmp_path, DOC, "narrow.yaml"))
    outcome = engine.apply(narrower, live, shadow)  # drops a column: the contract phase waits
    assert not outcome.report.complete
    assert engine.up_to_date(narrower, live) is None


def test_a_record_in_the_previous_fingerprint_scheme_still_answers_and_is_renewed(
    tmp_path: Path, live: str, shadow: str
) -> None:
    """An upgrade never makes an unchanged database look changed: a record of the previous release (``cat1:``)
    is compared with that scheme's query, and the next apply records today's fingerprint."""
    from schemawright.livestate import fingerprint_like

    doc = _doc(tmp_path)
    engine.apply(load(doc), live, shadow)
    with psycopg.connect(live, autocommit=True) as conn:
        previous = fingerprint_like(conn, ("public",), "cat1:0")
    _sql(live, f"UPDATE schemawright.applied_states SET fingerprint = '{previous}'")
    known = engine.up_to_date(load(doc), live)
    assert known is not None and known.state.fingerprint == previous and known.plan.fingerprint.startswith("cat2:")
    again = engine.apply(load(doc), live, NO_SHADOW)
    assert again.up_to_date is not None and again.live_fingerprint == known.plan.fingerprint
    recorded = _sql(live, "SELECT fingerprint FROM schemawright.applied_states ORDER BY id DESC LIMIT 1")
    assert recorded == [(known.plan.fingerprint,)]


def test_stale_plan_guard_compares_like_with_like(tmp_path: Path, live: str, shadow: str) -> None:
    engine.apply(load(_doc(tmp_path)), live, shadow)
    plan = engine.make_plan(load(_doc(tmp_path, WIDER, "wider.yaml")), live, shadow).plan
    assert plan.fingerprint.startswith("cat2:")
    # a plan file saved by an earlier release carries the full-inspection fingerprint
    legacy = replace(plan, fingerprint=engine.inspect_url(live, plan.schemas).fingerprint())
    legacy = Plan.from_dict(json.loads(json.dumps(legacy.to_dict())))
    _sql(live, "COMMENT ON TABLE members IS 'no plan depends on comments, but they are DDL'")
    _sql(live, "CREATE INDEX members_handle_idx ON members (handle)")
    for saved in (plan, legacy):
        with pytest.raises(StalePlanError):
            engine.apply_saved(saved, live)
    _sql(live, "DROP INDEX members_handle_idx; COMMENT ON TABLE members IS NULL")
    assert engine.apply_saved(legacy, live).report.complete


# The command line's no-op answer (livestate/quick.py): `plan` of the very file the last `apply` recorded answers
# from the file's bytes and one fingerprint query, without loading the document, the guard or the renderer.


def _plan_process(doc: str, live: str, *extra: str, shadow: str = NO_SHADOW) -> tuple[str, set[str]]:
    """``schemawright plan`` in a process of its own: its output, and which heavy modules it imported."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE.format(heavy=HEAVY),
            "plan",
            doc,
            "--database",
            live,
            "--shadow-url",
            shadow,
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 0 and lines, done.stdout + done.stderr
    return "\n".join(lines[:-1]), set(filter(None, lines[-1].removeprefix("loaded:").split(",")))


def test_plan_of_the_applied_file_loads_no_document(
    tmp_path: Path, live: str, shadow: str, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _doc(tmp_path)
    assert main(["apply", doc, "--database", live, "--shadow-url", shadow]) == 0
    capsys.readouterr()
    out, loaded = _plan_process(doc, live)
    assert "unchanged since plan" in out and "0 step(s)" in out, out
    assert loaded == set()
    # the JSON form is the one the full path prints, the file named as given now
    code = main(["plan", doc, "--database", live, "--shadow-url", NO_SHADOW, "--format", "json"])
    quick = capsys.readouterr().out
    assert code == 0 and f'"source": "{doc}"' in quick and '"steps": 0' in quick
    # a change by hand is never hidden
    _sql(live, "CREATE INDEX members_handle_idx ON members (handle)")
    out, _ = _plan_process(doc, live, shadow=shadow)
    assert "unchanged since plan" not in out and "DROP INDEX" in out, out


def test_an_edited_file_or_other_flags_take_the_full_path(tmp_path: Path, live: str, shadow: str) -> None:
    doc = _doc(tmp_path)
    assert main(["apply", doc, "--database", live, "--shadow-url", shadow]) == 0
    # same document, other bytes: still nothing to do, but known only after loading it
    Path(doc).write_text(DOC + "# a comment\n")
    out, loaded = _plan_process(doc, live)
    assert "unchanged since plan" in out and {"yaml", "schemawright.spec"} <= loaded
    Path(doc).write_text(DOC)
    _, loaded = _plan_process(doc, live, "--allow-extension", "postgis", shadow=shadow)
    assert "schemawright.spec" in loaded
    _, loaded = _plan_process(doc, live)
    assert loaded == set()


def test_a_record_by_an_older_release_is_read(
    tmp_path: Path, live: str, shadow: str, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _doc(tmp_path)
    assert main(["apply", doc, "--database", live, "--shadow-url", shadow]) == 0
    _sql(live, "ALTER TABLE schemawright.applied_states DROP COLUMN source_key, DROP COLUMN noop_plan")
    capsys.readouterr()
    assert main(["plan", doc, "--database", live, "--shadow-url", NO_SHADOW]) == 0
    assert "unchanged since plan" in capsys.readouterr().out  # the full no-op path, by document key
    assert main(["apply", doc, "--database", live, "--shadow-url", NO_SHADOW]) == 0  # records with the key again
    _, loaded = _plan_process(doc, live)
    assert loaded == set()


def test_a_clone_of_an_applied_database_is_up_to_date_for_another_tenant(
    tmp_path: Path, live: str, shadow: str, pg_server: EmbeddedServer
) -> None:
    # A tenant's resource: the same tables, its own name and Secret (spec.database names no schemas here).
    def tenant(name: str) -> str:
        text = DOC.replace(
            "name: members\nspec:\n",
            f"name: {name}\nspec:\n  database:\n    connectionSecretRef: {{name: {name}-db, key: url}}\n",
            1,
        )
        return _doc(tmp_path, text, f"{name}.yaml")

    engine.apply(load(tenant("acme")), live, shadow)
    clone = pg_server.copy_database(database_name(live), f"{database_name(live)}_clone")
    try:
        other = load(tenant("globex"))
        assert engine.up_to_date(other, clone) is not None
        outcome = engine.apply(other, clone, NO_SHADOW)  # no shadow, no diff: it would fail to connect
        assert outcome.up_to_date is not None and outcome.plan.is_empty
        assert _journaled_plans(clone) == _journaled_plans(live)
        # other content under the tenant's name still gets a full plan
        wider = _doc(tmp_path, WIDER.replace("name: members\nspec:", "name: globex\nspec:", 1), "globex2.yaml")
        assert engine.up_to_date(load(wider), clone) is None
    finally:
        pg_server.drop_database(database_name(clone))
