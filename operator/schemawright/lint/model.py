"""The linter's vocabulary: severities, findings, and the rule base class every rule module extends."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from schemawright.lint.context import LintContext


class Severity(StrEnum):
    """How bad a finding is. Only ``error`` makes ``schemawright lint`` exit non-zero."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for error, 1 for warning, 2 for info (for sorting, most severe first)."""
        return list(Severity).index(self)


@dataclass(frozen=True)
class Finding:
    """One thing a rule found: which rule, how bad, on which object, what is wrong, how to fix it.

    ``object`` uses the naming of docs/lint/README.md (``public.orders``, ``public.orders.user_id``,
    ``pattern:login lookup``); decisions name objects the same way. ``path`` is the place in the document
    the object comes from (``spec.tables[2].columns[1]``) when it is known; ``explain`` holds EXPLAIN
    output for access-pattern findings.
    """

    rule: str
    severity: Severity
    object: str
    message: str
    fix: str
    path: str | None = None
    explain: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``rule``, ``severity``, ``object``, ``message``, ``fix``, then ``path``, ``explain``."""
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "object": self.object,
            "message": self.message,
            "fix": self.fix,
            "path": self.path,
            "explain": self.explain,
        }

    @property
    def sort_key(self) -> tuple[int, str, str]:
        """Most severe first, then by rule and object."""
        return (self.severity.rank, self.rule, self.object)


class Rule(ABC):
    """A lint rule: one module under ``schemawright/lint/rules/``, one page under ``docs/lint/``.

    Subclasses set the class attributes (they are the rule's documentation, see
    :mod:`schemawright.lint.docs`) and implement :meth:`check`.
    """

    id: ClassVar[str]  # SW1xx
    name: ClassVar[str]  # kebab-case
    severity: ClassVar[Severity]
    summary: ClassVar[str]  # one line: what the rule reports
    rationale: ClassVar[str]  # Markdown: why it matters
    bad: ClassVar[str]  # a YAML (or SQL) excerpt that triggers the rule
    good: ClassVar[str]  # the same excerpt, fixed
    needs: ClassVar[str] = ""  # "" | "live" (--database) | "patterns" (spec.accessPatterns)
    suppressible: ClassVar[bool] = True  # may a decision in spec.decisions acknowledge it?

    @abstractmethod
    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """Every finding of this rule on ``ctx``."""

    def finding(
        self,
        obj: str,
        message: str,
        fix: str,
        *,
        severity: Severity | None = None,
        path: str | None = None,
        explain: str | None = None,
    ) -> Finding:
        """A finding of this rule (its default severity unless ``severity`` is given)."""
        return Finding(
            rule=self.id,
            severity=severity or self.severity,
            object=obj,
            message=message,
            fix=fix,
            path=path,
            explain=explain,
        )
