"""The platform's guard overrides on the command line, and the document size limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemawright.cli.app import main
from schemawright.spec.load import MAX_FILE_BYTES

DO_BLOCK = "CREATE TABLE t (a int);\nDO $$ BEGIN PERFORM 1; END $$;\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_refusal_names_its_rule_and_flag_and_the_flag_allows_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "s.sql"
    script.write_text(DO_BLOCK)
    code, _, err = run(capsys, "validate", str(script))
    assert code == 2
    assert "statement 2 (line 2, column 1)" in err and "[rule do-block; allow with --allow do-block]" in err
    code, out, err = run(capsys, "validate", str(script), "--allow", "do-block")
    assert code == 0, err
    assert "valid" in out and "--allow do-block" in err  # the note says what the override let through


def test_allow_extension_lets_an_extension_through_in_yaml_and_sql(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "s.yaml"
    doc.write_text(
        "apiVersion: schemawright.io/v1alpha1\nkind: DatabaseSchema\nmetadata: {name: s}\n"
        "spec:\n  extensions: [pgstattuple]\n  sql: |\n    CREATE EXTENSION IF NOT EXISTS pg_visibility;\n"
    )
    code, _, err = run(capsys, "validate", str(doc))
    assert code == 2 and "spec.extensions[0]" in err and "--allow-extension pgstattuple" in err
    code, _, err = run(capsys, "validate", str(doc), "--allow-extension", "pgstattuple")
    assert code == 2 and "[rule extension-not-allowed; allow with --allow-extension pg_visibility]" in err
    code, _, err = run(
        capsys, "validate", str(doc), "--allow-extension", "pgstattuple", "--allow-extension", "pg_visibility"
    )
    assert code == 0, err


def test_rules_that_cannot_be_overridden_are_refused_as_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "s.sql"
    script.write_text("COPY t FROM '/etc/passwd';\n")
    code, _, err = run(capsys, "validate", str(script), "--allow", "copy")
    assert code == 2 and "'copy' cannot be overridden" in err
    code, _, err = run(capsys, "validate", str(script), "--allow", "nonsense")
    assert code == 2 and "unknown guard rule 'nonsense'" in err


def test_documents_up_to_32_mib_are_read_larger_ones_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.sql"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written
    code, _, err = run(capsys, "validate", str(big))
    assert code == 2 and "at most 32 MiB" in err and str(MAX_FILE_BYTES + 1) in err
    large = tmp_path / "large.sql"
    line = "CREATE TABLE t{} (a int, b text);\n"
    large.write_text("".join(line.format(i) for i in range(40_000)))  # > 1,000,000 characters
    assert large.stat().st_size > 1_000_000
    code, _, err = run(capsys, "validate", str(large))
    assert code == 0, err
