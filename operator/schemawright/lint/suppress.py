"""Suppression through ``spec.decisions[]``: the only way to acknowledge a finding.

A decision acknowledges a finding when it is ``accepted``, gives its rationale (``context`` and ``decision``
are not blank), names the finding's rule in ``rules`` and covers its object in ``objects``. An object
covers itself and everything inside it (``public.products`` covers ``public.products.attributes``), and may
be a shell-style pattern (``public.*``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase

from schemawright.lint.model import Finding
from schemawright.spec.model import Decision


def has_rationale(decision: Decision) -> bool:
    """True when the decision says why: its context and its decision are both written."""
    return bool(decision.context.strip() and decision.decision.strip())


def covers(pattern: str, obj: str) -> bool:
    """True when a decision's object ``pattern`` covers the finding's object ``obj``."""
    if any(c in pattern for c in "*?["):
        return fnmatchcase(obj, pattern)
    return obj == pattern or obj.startswith(pattern + ".")


def acknowledging(decision: Decision, finding: Finding) -> bool:
    """True when ``decision`` acknowledges ``finding``."""
    return (
        decision.status == "accepted"
        and has_rationale(decision)
        and finding.rule in decision.rules
        and any(covers(o, finding.object) for o in decision.objects)
    )


@dataclass(frozen=True)
class Suppressed:
    """A finding and the decision that acknowledges it."""

    finding: Finding
    decision: str  # the decision's id


def split(
    findings: Iterable[Finding], decisions: Iterable[Decision], unsuppressible: frozenset[str]
) -> tuple[list[Finding], list[Suppressed]]:
    """The findings that remain, and those a decision acknowledges (never those of ``unsuppressible`` rules)."""
    decisions = list(decisions)
    remaining: list[Finding] = []
    suppressed: list[Suppressed] = []
    for finding in findings:
        decision = (
            None if finding.rule in unsuppressible else next((d for d in decisions if acknowledging(d, finding)), None)
        )
        if decision is None:
            remaining.append(finding)
        else:
            suppressed.append(Suppressed(finding, decision.id))
    return remaining, suppressed
