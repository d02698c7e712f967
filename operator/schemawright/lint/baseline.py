"""Lint baselines: today's findings on an adopted schema, recorded so CI fails only on new ones.

The baseline is reviewable data (YAML), one entry per finding, each naming its rule and object (the naming
of docs/lint/README.md), with the severity and message it had when recorded. A finding matches an entry by
rule and object; entries that match nothing any more are *stale* (the problem was fixed: delete them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from schemawright.errors import Problem, SpecError
from schemawright.lint.model import Finding

VERSION = 1
_HEADER = """\
# schemawright lint baseline: findings accepted when this file was written (`schemawright lint --write-baseline`).
# `schemawright lint --baseline FILE` fails only on findings not listed here. Fix one, then delete its entry.
"""


@dataclass(frozen=True)
class Entry:
    """One accepted finding."""

    rule: str
    object: str
    severity: str = ""
    message: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """What a finding is matched on: rule and object."""
        return (self.rule, self.object)


@dataclass(frozen=True)
class Comparison:
    """A lint run against a baseline."""

    new: tuple[Finding, ...]  # findings the baseline does not list
    known: tuple[Finding, ...]  # findings it lists
    stale: tuple[Entry, ...]  # entries no finding matches any more


def entries_of(findings: Iterable[Finding]) -> list[Entry]:
    """Baseline entries for ``findings``, sorted by rule then object."""
    return sorted(
        (Entry(f.rule, f.object, str(f.severity), f.message) for f in findings),
        key=lambda e: (e.rule, e.object, e.message),
    )


def dump(findings: Iterable[Finding], source: str) -> str:
    """The baseline file's text for ``findings`` of ``source``."""
    entries = [
        {"rule": e.rule, "object": e.object, "severity": e.severity, "message": e.message} for e in entries_of(findings)
    ]
    body = yaml.safe_dump(
        {"version": VERSION, "source": source, "findings": entries}, sort_keys=False, allow_unicode=True, width=120
    )
    return _HEADER + body


def write(path: Path, findings: Iterable[Finding], source: str) -> int:
    """Write the baseline; return how many entries it holds."""
    text = dump(findings, source)
    path.write_text(text)
    return text.count("\n- rule: ")


def load(path: Path) -> list[Entry]:
    """The entries of the baseline at ``path``; SpecError (exit 2) naming what is wrong."""
    source = str(path)
    try:
        data: Any = yaml.safe_load(path.read_text())
    except OSError as exc:
        raise SpecError(
            source,
            [Problem("(file)", exc.strerror or str(exc), "a baseline written by `schemawright lint --write-baseline`")],
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError(source, [Problem("(document)", f"invalid YAML: {exc}", "a baseline file")]) from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise SpecError(
            source,
            [
                Problem(
                    "(document)",
                    "not a schemawright lint baseline",
                    f"a mapping with version: {VERSION} and a findings list",
                )
            ],
        )
    entries = []
    for n, item in enumerate(data["findings"]):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("rule"), str)
            or not isinstance(item.get("object"), str)
        ):
            raise SpecError(source, [Problem(f"findings[{n}]", repr(item)[:120], "a mapping with rule and object")])
        entries.append(Entry(item["rule"], item["object"], str(item.get("severity", "")), str(item.get("message", ""))))
    return entries


def compare(findings: Iterable[Finding], entries: Iterable[Entry]) -> Comparison:
    """Split ``findings`` into new and known; report the entries nothing matched. Each entry accepts one
    finding (two identical findings need two entries)."""
    entries = list(entries)
    left = Counter(e.key for e in entries)
    new, known = [], []
    for finding in findings:
        key = (finding.rule, finding.object)
        if left[key] > 0:
            left[key] -= 1
            known.append(finding)
        else:
            new.append(finding)
    stale = []
    for entry in entries:
        if left[entry.key] > 0:
            left[entry.key] -= 1
            stale.append(entry)
    return Comparison(tuple(new), tuple(known), tuple(stale))
