"""`schemawright --help` and `validate` import only what they use (bench/run.py measures the time)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from schemawright.cli.app import _arguments, _parser

SHOP = Path(__file__).resolve().parents[2] / "examples" / "shop" / "v2" / "schema.yaml"
HEAVY = ("psycopg", "migra", "sqlalchemy", "kopf", "kubernetes", "rich", "jsonschema", "postgast")

PROBE = """
import sys
from schemawright.cli.app import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("loaded:" + ",".join(m for m in {heavy!r} if m in sys.modules))
"""


def loaded_by(*argv: str, cache: Path | None = None) -> set[str]:
    env = {**os.environ, "SCHEMAWRIGHT_CACHE": str(cache) if cache else "off"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *argv], capture_output=True, text=True, check=True, env=env
    ).stdout.splitlines()[-1]
    return set(filter(None, out.removeprefix("loaded:").split(",")))


def test_help_imports_no_driver_differ_operator_or_renderer() -> None:
    assert loaded_by("--help") == set()
    assert loaded_by("plan", "--help") == set()


def test_validate_needs_no_driver_differ_operator_or_renderer(tmp_path: Path) -> None:
    # the guard parses the document's SQL; JSON Schema checks it the first time only (spec/verdicts.py)
    assert loaded_by("validate", str(SHOP), cache=tmp_path) == {"jsonschema", "postgast"}
    # the same file again: the outcome kept by the first run answers (cli/validate.py)
    assert loaded_by("validate", str(SHOP), cache=tmp_path) == set()
    # other guard flags: guarded afresh, but the document's JSON Schema verdict still holds
    assert loaded_by("validate", str(SHOP), "--allow", "do-block", cache=tmp_path) == {"postgast"}


def test_an_invalid_document_is_refused_every_time(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SHOP.read_text().replace("kind: DatabaseSchema", "kind: DatabaseSchemas"))
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "schemawright.cli.app", "validate", str(bad)],
            capture_output=True,
            text=True,
            env={**os.environ, "SCHEMAWRIGHT_CACHE": str(tmp_path / "cache")},
        )
        assert done.returncode == 2 and "kind" in done.stderr, done.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "s.yaml"],
        ["validate", "s.sql", "--allow", "do-block", "--allow=dynamic-sql", "--allow-ext", "pgcrypto"],
        ["validate", "--allow-short-refresh", "--", "-odd.yaml"],
        ["validate"],
        ["validate", "--bogus", "s.yaml"],
        ["validate", "a.yaml", "b.yaml"],
        ["validate", "--he"],
        ["validate", "--allow"],
    ],
)
def test_validate_parses_its_arguments_as_the_full_parser_does(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """``validate`` parses without every other command's parser; what it accepts, refuses and helps with stays."""

    def outcome(parse: Callable[[], object]) -> tuple[object, str, str]:
        try:
            found: object = vars(parse())
        except SystemExit as exc:
            found = exc.code
        captured = capsys.readouterr()
        return found, captured.out, captured.err

    assert outcome(lambda: _arguments(argv)) == outcome(lambda: _parser().parse_args(argv))


WITHOUT_SETUPTOOLS = """
import sys
from importlib.abc import MetaPathFinder


class NoSetuptools(MetaPathFinder):
    # as in a virtual environment of Python >= 3.12, which has no setuptools
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pkg_resources", "setuptools"):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return None


sys.meta_path.insert(0, NoSetuptools())
from schemawright.cli.app import main

code = main(sys.argv[1:])
print("pkg_resources imported:", "pkg_resources" in sys.modules)
sys.exit(code)
"""


def test_a_plan_needs_no_setuptools(tmp_path: Path, targets: list[str]) -> None:
    """migra's inspector opens its SQL files with setuptools' pkg_resources, which a Python ≥ 3.12 virtual
    environment does not have: the plan works without it (and without paying for its import)."""
    schema = tmp_path / "schema.sql"
    schema.write_text("CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);\n")
    env = {**os.environ, "SCHEMAWRIGHT_CACHE": "off"}
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_SETUPTOOLS, "plan", str(schema), *targets],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert 'create table "public"."accounts"' in done.stdout, done.stdout
    assert "pkg_resources imported: False" in done.stdout
