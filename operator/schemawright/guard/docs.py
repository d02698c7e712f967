"""The statement-kind tables of docs/sql-allow-list.md, generated from :mod:`schemawright.guard.statement_kinds`.

Only the part between :data:`BEGIN` and :data:`END` is generated; the prose around it is written by hand.
``python scripts/gen_guard_docs.py`` rewrites it, ``--check`` (and a test) fails when it is stale.
"""

from __future__ import annotations

from schemawright.guard import reasons
from schemawright.guard.rules import kind_rule
from schemawright.guard.statement_kinds import ALLOWED, REFUSED, STATEMENT_KINDS, Effect, StatementKind

BEGIN = "<!-- generated from operator/schemawright/guard/statement_kinds.py: python scripts/gen_guard_docs.py -->"
END = "<!-- end of the generated tables -->"

_SHADOW: dict[Effect, str] = {
    "definition": "runs it",
    "setting": "runs it; the setting lasts until the build's session ends",
    "privilege": "runs it; skips it with a note when it names a role the shadow server lacks",
    "ownership": "skips it: ownership is not managed",
    "data": "skips it: rows are not managed",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _allowed_row(row: StatementKind) -> str:
    when = "always" if row.decision == ALLOWED else row.when
    body = "yes" if row.in_body else "checked like the top level"
    step = f"`{row.step}`" if row.step else "named from the statement"
    return f"| `{row.words}` | {_cell(when)} | {body} | {_SHADOW[row.shadow]} | {step} |"


def _refused_row(row: StatementKind) -> str:
    reason = row.reason or reasons.NOT_LISTED
    rule = row.rule or kind_rule(row.words)
    body = "allowed" if row.in_body else "refused"
    return f"| `{row.words}` | `{rule}` | {_cell(reason.why)} | {_cell(reason.instead) or '—'} | {body} |"


def tables() -> str:
    """The generated part of the page: allowed and refused statement kinds, a row per kind, in table order."""
    allowed = [row for row in STATEMENT_KINDS if row.decision != REFUSED]
    refused = [row for row in STATEMENT_KINDS if row.decision == REFUSED]
    lines = [
        BEGIN,
        "",
        f"### Allowed ({len(allowed)} kinds)",
        "",
        "| statement | allowed when | in function bodies | the shadow build | plan step |",
        "|---|---|---|---|---|",
        *(_allowed_row(row) for row in allowed),
        "",
        f"### Refused ({len(refused)} kinds)",
        "",
        "| statement | rule | why | what to do instead | in function bodies |",
        "|---|---|---|---|---|",
        *(_refused_row(row) for row in refused),
        "",
        END,
    ]
    return "\n".join(lines)


def page(current: str) -> str:
    """``current`` (the page as it is) with its generated part replaced by :func:`tables`."""
    start, end = current.find(BEGIN), current.find(END)
    if start < 0 or end < start:
        raise ValueError(f"docs/sql-allow-list.md has lost its markers {BEGIN!r} ... {END!r}: put them back")
    return current[:start] + tables() + current[end + len(END) :]
