"""Guard rules: every refusal names one; the platform (never the document) may waive the overridable ones with
``--allow RULE`` (extensions: ``--allow-extension NAME``). docs/sql-allow-list.md has the table.
"""

from __future__ import annotations

import dataclasses
import re


@dataclasses.dataclass(frozen=True)
class Rule:
    """A guard rule: what ``--allow`` takes, whether it may be waived, and what waiving it needs."""

    name: str
    overridable: bool
    privileged: bool = False  # what it lets through needs more rights than an ordinary role (superuser)


STATEMENT_KIND = "statement-kind"  # rule names "statement-kind:<kind>", e.g. statement-kind:create-access-method


EXTENSION_RULE = "extension-not-allowed"


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule("do-block", True),
        Rule("dynamic-sql", True),
        Rule("unanalysable-body", True),
        Rule("grant-to-public", True),
        Rule("untrusted-language", True, privileged=True),
        Rule("c-language", True, privileged=True),
        Rule("leakproof", True, privileged=True),
        Rule("security-definer-search-path", True),
        Rule("routine-setting", True),
        Rule("extension-cascade", True),
        Rule(EXTENSION_RULE, True, privileged=True),
        Rule("default-privileges", True),
        Rule("create-rule", True),
        Rule("refresh-materialized-view", True),
        Rule("create-table-as", True),
        Rule("data-change", True),
        Rule("top-level-query", True),
        Rule("session-setting", True),
        Rule("schema-authorization", True),
        Rule(STATEMENT_KIND, True),
        Rule("invalid-body", False),
        Rule("no-language", False),
        Rule("forbidden-function", False),
        Rule("system-schema", False),
        Rule("temporary-object", False),
        Rule("tablespace", False),
        Rule("copy", False),
        Rule("server-config", False),
        Rule("set-role", False),
        Rule("role-management", False),
        Rule("database", False),
        Rule("create-language", False),
        Rule("load-library", False),
        Rule("foreign-data", False),
        Rule("replication", False),
        Rule("transaction-control", False),
        Rule("maintenance", False),
        Rule("session-command", False),
        Rule("security-label", False),
        Rule("event-trigger", False),
        Rule("owner", False),
        Rule("psql-meta-command", False),
    )
}


def rule_of(name: str) -> Rule | None:
    """The rule ``name`` (``statement-kind:<kind>`` names the statement-kind rule), or None if unknown."""
    return RULES.get(STATEMENT_KIND if name.startswith(STATEMENT_KIND + ":") else name)


def override_flag(rule: str, extension: str = "") -> str:
    """The flag that waives ``rule`` (``--allow do-block``), or "" when it cannot be waived."""
    if rule == EXTENSION_RULE:
        return f"--allow-extension {extension or 'NAME'}"
    known = rule_of(rule)
    return f"--allow {rule}" if known is not None and known.overridable else ""


def kind_rule(kind: str) -> str:
    """The statement-kind rule for a kind in words: 'CREATE ACCESS METHOD' → 'statement-kind:create-access-method'."""
    words = re.sub(r"[^a-z0-9]+", "-", kind.lower()).strip("-")
    return f"{STATEMENT_KIND}:{words}"
