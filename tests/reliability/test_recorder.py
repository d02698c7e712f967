"""The recorder behind docs/reliability.md writes one JSON line per figure when collecting, nothing otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _reliability import Figure, record


def _figure(section: str = "faults") -> Figure:
    return Figure(
        check="faults.example",
        section=section,
        title="an example",
        unit="faults",
        tried=3,
        passed=3,
        nodeid="tests/reliability/test_recorder.py::x",
    )


def test_figures_are_appended_as_json_lines_when_collecting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "figures.jsonl"
    monkeypatch.setenv("SCHEMAWRIGHT_RELIABILITY_OUT", str(out))
    record(_figure())
    record(_figure())
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 2 and lines[0]["tried"] == 3 and lines[0]["section"] == "faults"


def test_nothing_is_written_without_a_results_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SCHEMAWRIGHT_RELIABILITY_OUT", raising=False)
    monkeypatch.chdir(tmp_path)
    record(_figure())
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_section_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown section"):
        record(_figure(section="misc"))
