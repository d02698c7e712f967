"""A lint report for people (text), for programs (JSON) and for code-scanning tools (SARIF 2.1.0)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console

from schemawright import __version__
from schemawright.lint.locate import line_of
from schemawright.lint.model import Rule, Severity
from schemawright.lint.rules import ALL_RULES
from schemawright.lint.runner import LintReport

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DOCS_URL = "https://github.com/schemawright/schemawright/blob/main/docs/lint/{id}.md"
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def report_json(report: LintReport) -> str:
    """``{"findings": [{"rule", "severity", "object", "message", "fix", "path", "explain"}, …]}``."""
    data: dict[str, Any] = {"findings": [f.to_dict() for f in report.findings]}
    if report.baselined or report.stale:
        data["baseline"] = {"accepted": len(report.baselined), "stale": list(report.stale)}
    return json.dumps(data, indent=2)


def _plain(console: Console, text: str, style: str | None = None) -> None:
    """Text as it is: no markup, highlighting, emoji codes or wrapping (SQL must stay copyable)."""
    console.print(text, markup=False, highlight=False, emoji=False, soft_wrap=True, style=style)


def print_report(report: LintReport, console: Console) -> None:
    """The findings in a terminal, most severe first, then a summary line."""
    for finding in report.findings:
        style = _STYLE[finding.severity]
        console.print(
            f"[{style}]{finding.severity:<7}[/] [bold]{finding.rule}[/] {finding.object}",
            highlight=False,
            soft_wrap=True,
        )
        _plain(console, f"  {finding.message}")
        _plain(console, "  fix: " + finding.fix.replace("\n", "\n       "), style="dim")
        if finding.explain:
            _plain(console, "  plan:\n    " + finding.explain.replace("\n", "\n    "), style="dim")
    counts = report.counts()
    summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n) or "no findings"
    acknowledged = f"; {len(report.suppressed)} acknowledged by decisions" if report.suppressed else ""
    stats = "" if report.live else " (no live statistics: rules needing --database were skipped)"
    console.print(f"{report.source}: {summary}{acknowledged}{stats}", markup=False, highlight=False, soft_wrap=True)
    for item in report.suppressed:
        console.print(
            f"  {item.decision} acknowledges {item.finding.rule} on {item.finding.object}",
            markup=False,
            highlight=False,
            style="dim",
            soft_wrap=True,
        )
    if report.baselined:
        console.print(
            f"  {len(report.baselined)} finding(s) accepted by the baseline (not shown)",
            markup=False,
            highlight=False,
            style="dim",
            soft_wrap=True,
        )
    for entry in report.stale:
        console.print(
            f"  stale baseline entry: {entry} (no such finding any more: delete the entry)",
            markup=False,
            highlight=False,
            style="yellow",
            soft_wrap=True,
        )


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale.split("\n\n")[0].replace("\n", " ")},
        "helpUri": DOCS_URL.format(id=rule.id),
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
    }


def report_sarif(report: LintReport) -> str:
    """A SARIF 2.1.0 log with one run: every rule as a reporting descriptor, every finding as a result."""
    rules = list(ALL_RULES)
    index = {r.id: n for n, r in enumerate(rules)}
    uri = Path(report.source).as_posix()
    results = []
    for finding in report.findings:
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": uri}}}
        line = line_of(report.source, finding.path)
        if line is not None:
            location["physicalLocation"]["region"] = {"startLine": line}
        location["logicalLocations"] = [{"fullyQualifiedName": finding.object}]
        text = f"{finding.message}\nfix: {finding.fix}"
        if finding.explain:
            text += f"\nplan:\n{finding.explain}"
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "level": _SARIF_LEVEL[finding.severity],
            "message": {"text": text},
            "locations": [location],
        }
        if finding.rule in index:
            result["ruleIndex"] = index[finding.rule]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "schemawright",
                        "version": __version__,
                        "informationUri": "https://github.com/schemawright/schemawright",
                        "rules": [_rule_descriptor(r) for r in rules],
                    }
                },
                "artifacts": [{"location": {"uri": uri}}],
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2)
