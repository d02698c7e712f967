"""The committed CRD: generated from the JSON Schema, structural, valid, and it accepts what the CLI accepts."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from schemawright.operator.crd import CRD_NAME, build_crd, render_crd_yaml, resource_validator, structural_problems

ROOT = Path(__file__).resolve().parents[2]
SOURCE = json.loads((ROOT / "schemas" / "databaseschema.schema.json").read_text())
COMMITTED = ROOT / "crds" / f"{CRD_NAME}.yaml"


def committed() -> dict[str, Any]:
    return dict(yaml.safe_load(COMMITTED.read_text()))


def test_committed_crd_is_the_generated_one() -> None:
    expected = render_crd_yaml(SOURCE)
    assert COMMITTED.read_text() == expected, "crds/ is stale: run python scripts/gen_crd.py"
    chart_copy = (ROOT / "charts" / "schemawright" / "templates" / "crd.yaml").read_text()
    assert expected.split("\nspec:\n", 1)[1] in chart_copy, "the chart's CRD is stale: run python scripts/gen_crd.py"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_crd.py"), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_crd_names_scope_and_columns() -> None:
    crd = committed()
    spec = crd["spec"]
    assert crd["metadata"]["name"] == "databaseschemas.schemawright.io"
    assert spec["group"] == "schemawright.io" and spec["scope"] == "Namespaced"
    assert spec["names"]["kind"] == "DatabaseSchema" and spec["names"]["plural"] == "databaseschemas"
    assert spec["names"]["shortNames"] == ["dbschema", "dbs"]
    (version,) = spec["versions"]
    assert version["name"] == "v1alpha1" and version["served"] and version["storage"]
    assert version["subresources"] == {"status": {}}
    columns = [c["name"] for c in version["additionalPrinterColumns"]]
    assert columns == ["Ready", "Phase", "Plan hash", "Targets", "Drift", "Age"]
    status = version["schema"]["openAPIV3Schema"]["properties"]["status"]
    assert status["x-kubernetes-preserve-unknown-fields"] is True


def test_crd_schema_is_structural_and_described() -> None:
    schema = committed()["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    assert structural_problems(schema) == []
    text = json.dumps(schema)
    assert '"additionalProperties": false' not in text and "$schema" not in text


@pytest.mark.parametrize(
    "bad",
    [
        {"type": "object", "description": "d", "properties": {"a": {"description": "no type"}}},
        {"type": "object", "description": "d", "properties": {"a": {"type": "string"}}},  # no description
        {"type": "object", "description": "d", "additionalProperties": False},
        {
            "type": "object",
            "description": "d",
            "properties": {"a": {"type": "string", "description": "x"}},
            "oneOf": [{"type": "object", "required": ["a"]}],
        },
        {
            "type": "object",
            "description": "d",
            "properties": {
                "a": {
                    "type": "array",
                    "description": "x",
                    "items": {"type": "string", "description": "i"},
                    "uniqueItems": True,
                }
            },
        },
        {
            "type": "object",
            "description": "d",
            "properties": {"a": {"type": "string", "description": "x", "default": 3}},
        },
    ],
)
def test_structural_check_catches_violations(bad: dict[str, Any]) -> None:
    assert structural_problems(bad)


def test_crd_manifest_validates_against_kubernetes() -> None:
    for version in ("1.29.0", "1.33.0"):
        kubernetes_validate.validate(committed(), version, strict=True)


def test_crd_accepts_every_example_and_rejects_typos() -> None:
    validator = resource_validator(committed())
    examples = [
        (path, doc)
        for path in sorted(ROOT.glob("examples/**/*.yaml"))
        for doc in yaml.safe_load_all(path.read_text())
        if isinstance(doc, dict) and doc.get("kind") == "DatabaseSchema" and "spec" in doc and "tables" in doc["spec"]
    ]  # whole documents, not kustomize patches
    assert len(examples) >= 6
    for path, doc in examples:
        assert list(validator.iter_errors(doc)) == [], path
    doc = copy.deepcopy(examples[0][1])
    doc["spec"]["tabels"] = []
    assert list(validator.iter_errors(doc))


def test_build_is_deterministic() -> None:
    assert build_crd(SOURCE) == build_crd(json.loads(json.dumps(SOURCE)))
