"""The pull-request comment of examples/github/plan-comment.yml, rendered for the shop's v1 → v2 change."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from schemawright.cli.app import main
from schemawright.connect.embedded import EmbeddedServer

ROOT = Path(__file__).resolve().parents[2]
SHOP = ROOT / "examples" / "shop"
GITHUB = ROOT / "examples" / "github"


def plan_comment() -> ModuleType:
    spec = importlib.util.spec_from_file_location("plan_comment", GITHUB / "plan_comment.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_workflow_runs_plan_markdown_and_lint_sarif_and_keeps_one_comment() -> None:
    workflow = yaml.safe_load((GITHUB / "plan-comment.yml").read_text())
    steps = workflow["jobs"]["plan"]["steps"]
    commands = "\n".join(str(s.get("run", "")) for s in steps)
    assert 'schemawright plan "$SCHEMA" --format markdown --out plan.json' in commands
    assert 'schemawright lint "$SCHEMA" --format sarif' in commands
    script = next(s for s in steps if s.get("uses", "").startswith("actions/github-script"))["with"]["script"]
    assert "updateComment" in script and "createComment" in script and plan_comment().MARKER in script
    assert workflow["permissions"]["pull-requests"] == "write"


def test_comment_for_shop_v1_to_v2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make_database: Callable[[str], str], pg_server: EmbeddedServer
) -> None:
    targets = ["--database", make_database("pr"), "--shadow-url", pg_server.url("postgres")]
    assert main(["apply", str(SHOP / "v1" / "schema.yaml"), *targets]) == 0
    capsys.readouterr()
    assert (
        main(
            [
                "plan",
                str(SHOP / "v2" / "schema.yaml"),
                *targets,
                "--format",
                "markdown",
                "--out",
                str(tmp_path / "plan.json"),
            ]
        )
        == 0
    )
    plan_md = capsys.readouterr().out
    main(["lint", str(SHOP / "v2" / "schema.yaml"), "--shadow-url", pg_server.url("postgres"), "--format", "sarif"])
    sarif = json.loads(capsys.readouterr().out)
    plan = json.loads((tmp_path / "plan.json").read_text())
    body = plan_comment().comment(plan, plan_md, sarif, resource="shop")
    assert body.startswith("<!-- schemawright-plan -->\n### schemawright plan for shop")
    assert f"Plan `{plan['hash']}`" in body
    assert "**Hazards:**" in body and "`BREAKS_CLIENTS`" in body
    assert f"kubectl annotate dbs/shop --overwrite schemawright.io/approve={plan['hash']}" in body
    assert "#### Lint" in body
    assert "#### contract" in body and "ACCESS EXCLUSIVE" in body
