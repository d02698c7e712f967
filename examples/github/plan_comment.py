#!/usr/bin/env python3
"""Compose the pull-request comment of plan-comment.yml: the plan, its hazards, the approval hash, the lint.

    python plan_comment.py plan.json plan.md lint.sarif > comment.md

One comment per pull request: the workflow finds it again by MARKER and updates it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

MARKER = "<!-- schemawright-plan -->"
LEVELS = {"error": "❌ error", "warning": "⚠️ warning", "note": "ℹ️ note"}


def lint_section(sarif: dict[str, Any]) -> list[str]:
    """The lint findings as a table (first line of each message)."""
    results = [r for run in sarif.get("runs", []) for r in run.get("results", [])]
    if not results:
        return ["#### Lint", "", "No findings.", ""]
    lines = ["#### Lint", "", "| level | rule | finding |", "|---|---|---|"]
    for r in results:
        message = r["message"]["text"].splitlines()[0].replace("|", "\\|")
        lines.append(f"| {LEVELS.get(r.get('level', ''), r.get('level', ''))} | `{r['ruleId']}` | {message} |")
    return [*lines, ""]


def comment(plan: dict[str, Any], plan_markdown: str, sarif: dict[str, Any], *, resource: str = "") -> str:
    """The whole comment body."""
    parts = [MARKER, plan_markdown.rstrip(), ""]
    if plan["summary"]["approvalRequired"]:
        name = resource or "<name>"
        parts += ["#### Approval", "",
                  f"The contract phase waits for approval of plan `{plan['hash']}` once the application no longer "
                  "uses what it removes:", "", "```bash",
                  f"kubectl annotate dbs/{name} --overwrite schemawright.io/approve={plan['hash']}",
                  f"# or: schemawright apply … --approve {plan['hash']}", "```", ""]
    parts += lint_section(sarif)
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    """Print the comment for the files the workflow wrote."""
    plan_json, plan_md, sarif, *rest = argv
    print(comment(json.loads(Path(plan_json).read_text()), Path(plan_md).read_text(),
                  json.loads(Path(sarif).read_text()), resource=rest[0] if rest else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
