"""``validate`` answers a file it validated before from the outcome it kept (cli/validate.py): the same output and
exit code as checking it afresh, never for other bytes, other flags or other code, and a broken cache is a miss."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from schemawright import cachedir
from schemawright.cli.validate import CODE

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "operator" / "schemawright"
SHOP = ROOT / "examples" / "shop" / "v2" / "schema.yaml"
DO_BLOCK = "CREATE TABLE t (a int);\nDO $$ BEGIN PERFORM 1; END $$;\n"
HEAVY = ("postgast", "jsonschema", "yaml", "rich")

# Runs the command line, then writes which heavy libraries and which of the package's modules it imported.
RUNNER = f"""
import json, sys
from schemawright.cli.app import main
try:
    code = main(sys.argv[2:])
finally:
    mine = sorted(m.__file__ for n, m in list(sys.modules.items()) if n.startswith("schemawright") and m.__file__)
    heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)
    with open(sys.argv[1], "w") as f:
        json.dump({{"heavy": heavy, "modules": mine}}, f)
sys.exit(code)
"""


class Run:
    def __init__(self, done: subprocess.CompletedProcess[bytes], report: dict[str, list[str]]) -> None:
        self.result = (done.returncode, done.stdout, done.stderr)
        self.heavy = set(report["heavy"])
        self.modules = report["modules"]


def validate(tmp_path: Path, cache: Path | str, *argv: str, pythonpath: Path | None = None) -> Run:
    report = tmp_path / "report.json"
    env = {**os.environ, "SCHEMAWRIGHT_CACHE": str(cache), "COLUMNS": "80"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, str(report), "validate", *argv], capture_output=True, env=env, check=False
    )
    assert report.exists(), done.stderr.decode()
    return Run(done, json.loads(report.read_text()))


def kept(cache: Path) -> list[Path]:
    return sorted((cache / "validated").glob("*.json"))


@pytest.mark.parametrize(
    ("document", "flags", "code"),
    [
        pytest.param(SHOP.read_text(), (), 0, id="accepted"),
        pytest.param(DO_BLOCK, ("--allow", "do-block"), 0, id="accepted-with-a-note"),
        pytest.param(DO_BLOCK, (), 2, id="refused-by-the-guard"),
        pytest.param(SHOP.read_text().replace("kind: DatabaseSchema", "kind: DatabaseSchemas"), (), 2, id="refused"),
    ],
)
def test_a_kept_outcome_prints_exactly_what_checking_afresh_prints(
    tmp_path: Path, document: str, flags: tuple[str, ...], code: int
) -> None:
    doc = tmp_path / ("doc.yaml" if "kind:" in document else "doc.sql")
    doc.write_text(document)
    cache = tmp_path / "cache"
    afresh = validate(tmp_path, "off", str(doc), *flags)
    assert afresh.result[0] == code and "postgast" in afresh.heavy
    first = validate(tmp_path, cache, str(doc), *flags)
    assert first.result == afresh.result
    assert len(kept(cache)) == 1
    again = validate(tmp_path, cache, str(doc), *flags)
    assert again.result == afresh.result  # exit code, stdout and stderr byte for byte
    # answered from the kept outcome: neither the document's parser, JSON Schema nor the guard was imported
    assert again.heavy <= {"rich"} and ("rich" in again.heavy) == bool(afresh.result[2])


def test_an_edit_of_one_byte_is_checked_again(tmp_path: Path) -> None:
    doc = tmp_path / "shop.yaml"
    text = SHOP.read_text()
    doc.write_text(text)
    cache = tmp_path / "cache"
    assert validate(tmp_path, cache, str(doc)).result[0] == 0
    assert validate(tmp_path, cache, str(doc)).heavy == set()
    # same size, one byte changed: a release of the format that does not exist
    edited = text.replace("v1alpha1", "v1alpha9", 1)
    assert edited != text and len(edited) == len(text)
    doc.write_text(edited)
    run = validate(tmp_path, cache, str(doc))
    assert run.result[0] == 2 and b"v1alpha9" in run.result[2]
    assert "postgast" in run.heavy


def test_a_verdict_under_one_override_does_not_answer_for_another(tmp_path: Path) -> None:
    script = tmp_path / "s.sql"
    script.write_text(DO_BLOCK)
    cache = tmp_path / "cache"
    allowed = validate(tmp_path, cache, str(script), "--allow", "do-block")
    assert allowed.result[0] == 0
    refused = validate(tmp_path, cache, str(script))
    assert refused.result[0] == 2 and b"--allow do-block" in refused.result[2]
    assert validate(tmp_path, cache, str(script), "--allow", "do-block").result == allowed.result
    assert validate(tmp_path, cache, str(script), "--allow", "dynamic-sql").result[0] == 2
    assert len(kept(cache)) == 3


@pytest.mark.parametrize("damage", ["garbage", "wrong-shape", "empty", "a-folder"])
def test_a_damaged_kept_outcome_is_a_miss(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    afresh = validate(tmp_path, "off", str(SHOP))
    validate(tmp_path, cache, str(SHOP))
    (record,) = kept(cache)
    record.unlink()
    if damage == "a-folder":
        record.mkdir()
    else:
        contents = {"garbage": b"\x00{not json", "wrong-shape": b'{"code": 0, "line": 7}', "empty": b""}
        record.write_bytes(contents[damage])
    run = validate(tmp_path, cache, str(SHOP))
    assert run.result == afresh.result and "postgast" in run.heavy


def test_a_cache_that_cannot_be_written_is_only_a_miss(tmp_path: Path) -> None:
    afresh = validate(tmp_path, "off", str(SHOP))
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    for _ in range(2):
        run = validate(tmp_path, blocked, str(SHOP))
        assert run.result == afresh.result and "postgast" in run.heavy
    assert blocked.read_text() == "not a folder"


def test_a_cached_validate_imports_neither_jsonschema_nor_the_guard(tmp_path: Path) -> None:
    env = {**os.environ, "SCHEMAWRIGHT_CACHE": str(tmp_path / "cache")}
    argv = [
        sys.executable,
        "-X",
        "importtime",
        "-c",
        "import sys; from schemawright.cli.app import main; sys.exit(main())",
    ]

    def imported() -> set[str]:
        done = subprocess.run([*argv, "validate", str(SHOP)], capture_output=True, text=True, env=env, check=True)
        lines = (line.rpartition("|")[2].strip() for line in done.stderr.splitlines() if line.startswith("import time"))
        return {name.split(".")[0] for name in lines}

    assert {"postgast", "jsonschema", "yaml"} <= imported()
    assert not {"postgast", "jsonschema", "yaml", "rich", "psycopg"} & imported()


def test_the_key_covers_every_module_an_uncached_validate_imports(tmp_path: Path) -> None:
    run = validate(tmp_path, "off", str(SHOP))
    covered = [PACKAGE / part for part in CODE]
    missing = [
        path
        for path in run.modules
        if not any(Path(path) == c or Path(path).is_relative_to(c) for c in covered) and "/schemawright/" in path
    ]
    assert run.modules and not missing


def test_an_edit_of_the_guard_is_never_answered_from_an_outcome_of_the_code_before(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(PACKAGE, copy / "schemawright", ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"
    first = validate(tmp_path, cache, str(SHOP), pythonpath=copy)
    assert first.modules[0].startswith(str(copy)), first.modules[0]
    assert validate(tmp_path, cache, str(SHOP), pythonpath=copy).heavy == set()
    with (copy / "schemawright" / "guard" / "functions.py").open("a") as module:
        module.write("\n# a guard that decides differently\n")
    run = validate(tmp_path, cache, str(SHOP), pythonpath=copy)
    assert run.result == first.result and "postgast" in run.heavy
    assert len(kept(cache)) == 2


def test_only_the_most_recently_written_outcomes_are_kept_and_no_partial_file_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCHEMAWRIGHT_CACHE", str(tmp_path))
    for n in range(3):
        cachedir.store("validated", f"{n}.json", b"{}", keep=2)
        os.utime(tmp_path / "validated" / f"{n}.json", (n, n))  # written in this order, whatever the clock's step
    assert sorted(p.name for p in (tmp_path / "validated").iterdir()) == ["1.json", "2.json"]
    monkeypatch.setenv("SCHEMAWRIGHT_CACHE", str(tmp_path / "validated" / "2.json"))  # a file: nothing can go there
    cachedir.store("validated", "3.json", b"{}", keep=2)
    assert sorted(p.name for p in (tmp_path / "validated").iterdir()) == ["1.json", "2.json"]
