"""docs/reliability.md is generated (scripts/reliability_report.py) and must not be stale: every test that
records figures is in it, nothing else is, ids and titles match the tests, and nobody edited it by hand.
What "stale" means, and what it cannot cover without running the fault matrix, is written at the top of the
report itself."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "reliability_report.py"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("reliability_report", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_report_is_current() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_a_new_check_a_retitled_one_and_a_hand_edit_each_make_it_stale() -> None:
    report = generator()
    text = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    figures, _, _ = report.parse(text)
    nodes = sorted({f.nodeid for f in figures})
    assert figures and report.stale(text, nodes) == []
    new = "tests/reliability/test_faults_new.py::test_new_fault"
    assert report.stale(text, [*nodes, new]) == [f"{new} records figures but is not in the report"]
    first = figures[0]
    retitled = text.replace(f"| {first.title} |", f"| {first.title} (renamed) |")
    assert any("title" in problem and "no longer in" in problem for problem in report.stale(retitled, nodes))
    edited = text.replace("\n\n## ", "\n\nedited by hand\n\n## ", 1)
    assert report.stale(edited, nodes) == [
        "the report is not what the generator renders from its own figures (edited by hand?)"
    ]
