"""What the platform allows beyond the defaults (``--allow``, ``--allow-extension``), read from flag values."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from schemawright.guard.extensions import DEFAULT_EXTENSIONS
from schemawright.guard.rules import RULES, STATEMENT_KIND, rule_of


@dataclasses.dataclass(frozen=True)
class Overrides:
    """What the platform allows beyond the defaults: rules (``--allow``) and extensions (``--allow-extension``).

    Set by whoever runs schemawright (CLI flags, operator flags or environment, Helm values), never by a document.
    """

    rules: frozenset[str] = frozenset()
    extensions: frozenset[str] = frozenset()
    short_refresh: bool = False  # spec.refresh[].every under one minute (--allow-short-refresh)

    @property
    def allowed_extensions(self) -> frozenset[str]:
        """The default extension allow-list plus the platform's additions."""
        return DEFAULT_EXTENSIONS | self.extensions


def overrides(rules: Iterable[str] = (), extensions: Iterable[str] = ()) -> Overrides:
    """Overrides from flag values; ValueError naming a rule that does not exist or cannot be waived."""
    names = frozenset(r.strip() for r in rules if r.strip())
    for name in sorted(names):
        rule = rule_of(name)
        if rule is None or name == STATEMENT_KIND:
            waivable = ", ".join(sorted(n for n, r in RULES.items() if r.overridable and n != STATEMENT_KIND))
            raise ValueError(
                f"unknown guard rule {name!r}; rules that may be allowed: {waivable}, "
                f"{STATEMENT_KIND}:<kind> (docs/sql-allow-list.md)"
            )
        if not rule.overridable:
            raise ValueError(f"guard rule {name!r} cannot be overridden (docs/sql-allow-list.md says why)")
    return Overrides(rules=names, extensions=frozenset(e.strip() for e in extensions if e.strip()))
