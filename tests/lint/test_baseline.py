"""`schemawright lint --write-baseline` records today's findings; `--baseline` fails only on new ones and
reports entries that no longer match anything."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from schemawright.cli.app import main
from schemawright.connect.embedded import EmbeddedServer

NO_KEY = "CREATE TABLE {name} (happened_at timestamptz NOT NULL, message text);\n"


def _lint(capsys: pytest.CaptureFixture[str], server: EmbeddedServer, *argv: str) -> tuple[int, str]:
    code = main(["lint", *argv, "--shadow-url", server.url("postgres")])
    return code, capsys.readouterr().out


def test_baseline_accepts_todays_findings_and_fails_on_new_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pg_server: EmbeddedServer
) -> None:
    schema = tmp_path / "legacy.sql"
    schema.write_text(NO_KEY.format(name="audit_log") + NO_KEY.format(name="event_log"))
    accepted = tmp_path / "lint-baseline.yaml"

    code, _ = _lint(capsys, pg_server, str(schema))
    assert code == 2  # SW115 is an error on both tables
    code, out = _lint(capsys, pg_server, str(schema), "--write-baseline", str(accepted))
    assert code == 0 and "wrote 2 finding(s)" in out
    entries = yaml.safe_load(accepted.read_text())["findings"]
    assert [(e["rule"], e["object"]) for e in entries] == [("SW115", "public.audit_log"), ("SW115", "public.event_log")]

    code, out = _lint(capsys, pg_server, str(schema), "--baseline", str(accepted))
    assert code == 0 and "2 finding(s) accepted by the baseline" in out

    # a new table without a key fails; the old ones stay accepted; a dropped one is a stale entry
    schema.write_text(NO_KEY.format(name="audit_log") + NO_KEY.format(name="click_log"))
    code, out = _lint(capsys, pg_server, str(schema), "--baseline", str(accepted))
    assert code == 2
    assert "public.click_log" in out and "SW115 public.audit_log" not in out
    assert "stale baseline entry: SW115 public.event_log" in out


def test_a_file_that_is_not_a_baseline_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pg_server: EmbeddedServer
) -> None:
    schema = tmp_path / "legacy.sql"
    schema.write_text(NO_KEY.format(name="audit_log"))
    other = tmp_path / "other.yaml"
    other.write_text("findings: nope\n")
    code = main(["lint", str(schema), "--baseline", str(other), "--shadow-url", pg_server.url("postgres")])
    assert code == 2
    assert "not a schemawright lint baseline" in capsys.readouterr().err
