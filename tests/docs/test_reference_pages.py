"""The reference pages stay true: the CRD reference is regenerated from the JSON Schema, and troubleshooting
covers every exit code and every condition reason the operator reports."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from schemawright.errors import ExitCode
from schemawright.operator.reconcile import REPORTED

ROOT = Path(__file__).resolve().parents[2]


def test_crd_reference_is_generated_from_the_json_schema() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_crd_reference.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    page = (ROOT / "docs" / "crd-reference.md").read_text()
    spec = json.loads((ROOT / "schemas" / "databaseschema.schema.json").read_text())["properties"]["spec"]
    for name in spec["properties"]:
        assert re.search(rf"`spec\.{name}(\[\])?`", page), f"spec.{name} is missing from the CRD reference"


def test_troubleshooting_covers_every_exit_code_and_condition_reason() -> None:
    page = (ROOT / "docs" / "troubleshooting.md").read_text()
    for code in ExitCode:
        assert re.search(rf"^\| {int(code)} \| `{code.name}` \|", page, re.M), f"exit code {int(code)} {code.name}"
    for kind in REPORTED:
        assert f"`{kind.reason}`" in page, f"condition reason {kind.reason}"


def test_docs_link_to_pages_that_exist() -> None:
    for page in (ROOT / "docs").glob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", page.read_text()):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"
