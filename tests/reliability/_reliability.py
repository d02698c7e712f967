"""Figures for docs/reliability.md: every reliability or security check records what it tried and how much
came through as it should.

A check calls :func:`record` once with its totals. When ``SCHEMAWRIGHT_RELIABILITY_OUT`` names a file (the report
script sets it), one JSON line per call is appended there; otherwise recording does nothing and the test's own
assertions are all that count.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

#: Where figures are appended (JSON lines); set by scripts/reliability_report.py.
OUT_ENV = "SCHEMAWRIGHT_RELIABILITY_OUT"

#: The report's sections, in the order they are printed.
SECTIONS = ("faults", "bad-input", "guard", "shadow", "identifiers", "secrets")


@dataclass(frozen=True)
class Figure:
    """One check's result: ``tried`` cases (faults injected, documents, statements), ``passed`` of them handled
    as required (survived, rejected cleanly, blocked)."""

    check: str  # stable id, e.g. "faults.terminate-during-backfill"
    section: str  # one of SECTIONS
    title: str  # one line for the report
    unit: str  # what was counted: "faults", "documents", "statements", "names", …
    tried: int
    passed: int
    nodeid: str  # the pytest node that reproduces it


def record(figure: Figure) -> None:
    """Append ``figure`` to the report's results file, if one is being collected."""
    if figure.section not in SECTIONS:
        raise ValueError(f"unknown section {figure.section!r}; one of {', '.join(SECTIONS)}")
    out = os.environ.get(OUT_ENV)
    if not out:
        return
    with open(out, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(figure), sort_keys=True) + "\n")


#: Set to 1 for the full-size runs (the documented commands in docs/reliability.md); unset, CI runs samples.
FULL_ENV = "SCHEMAWRIGHT_RELIABILITY_FULL"


def size(sample: int, full: int) -> int:
    """How many cases a check tries: ``full`` when ``SCHEMAWRIGHT_RELIABILITY_FULL=1``, else ``sample``."""
    return full if os.environ.get(FULL_ENV) == "1" else sample
