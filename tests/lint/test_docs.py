"""docs/lint/ is generated from the rules: it must match them, and every rule must be documented."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from schemawright.lint import ALL_RULES
from schemawright.lint.docs import pages

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "lint"


def test_generated_docs_are_committed_and_current() -> None:
    expected = pages()
    for name, text in expected.items():
        path = DOCS / name
        assert path.exists(), f"{path} is missing: run python scripts/gen_lint_docs.py"
        assert path.read_text() == text, f"{path} is stale: run python scripts/gen_lint_docs.py"
    assert sorted(p.name for p in DOCS.glob("*.md")) == sorted(expected)


def test_the_generator_checks_in_ci() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_lint_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_rules_are_well_formed() -> None:
    ids = [r.id for r in ALL_RULES]
    assert ids == sorted(set(ids))
    for rule in ALL_RULES:
        assert re.fullmatch(r"SW1\d\d", rule.id)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        assert type(rule).__module__.endswith(f".{rule.id.lower()}_{rule.name.replace('-', '_')}")
        assert rule.summary.endswith(".") and rule.rationale and rule.bad and rule.good
        assert rule.needs in {"", "live", "patterns"}
