"""One lint run: guard the document, build it in a shadow database, inspect it, EXPLAIN the access
patterns there, read the live database's statistics (optional), run every rule, apply the decisions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from schemawright import engine, guard
from schemawright.lint import baseline
from schemawright.lint.context import LintContext
from schemawright.lint.model import Finding, Rule, Severity
from schemawright.lint.patterns import explain_patterns
from schemawright.lint.rules import ALL_RULES
from schemawright.lint.suppress import Suppressed, split
from schemawright.shadow.build import shadow_database
from schemawright.spec import DesiredSchema
from schemawright.timing import timed


@dataclass(frozen=True)
class LintReport:
    """What a lint run found: the findings that remain (most severe first) and those decisions acknowledge."""

    source: str
    findings: tuple[Finding, ...]
    suppressed: tuple[Suppressed, ...] = ()
    live: bool = False  # live statistics were available (--database)
    timings: dict[str, float] = field(default_factory=dict)
    baselined: tuple[Finding, ...] = ()  # findings a baseline accepts (lint --baseline)
    stale: tuple[str, ...] = ()  # baseline entries ("SW115 public.x") that match no finding any more

    def against(self, entries: Sequence[baseline.Entry]) -> LintReport:
        """This report with the findings ``entries`` accept moved to :attr:`baselined`, and the stale entries."""
        comparison = baseline.compare(self.findings, entries)
        return replace(
            self,
            findings=comparison.new,
            baselined=comparison.known,
            stale=tuple(f"{e.rule} {e.object}" for e in comparison.stale),
        )

    @property
    def errors(self) -> list[Finding]:
        """The error-severity findings (any makes ``schemawright lint`` exit non-zero)."""
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def failed(self) -> bool:
        """True when an error-severity finding remains."""
        return bool(self.errors)

    def counts(self) -> dict[str, int]:
        """How many findings of each severity remain."""
        return {str(s): sum(1 for f in self.findings if f.severity is s) for s in Severity}


def lint(
    desired: DesiredSchema, shadow_server_url: str, *, live_url: str | None = None, rules: Sequence[Rule] = ALL_RULES
) -> LintReport:
    """Lint ``desired``: the document is materialised in a scratch database on ``shadow_server_url`` and judged
    there (so YAML and SQL input are judged alike); ``live_url`` adds the live database's statistics."""
    timings: dict[str, float] = {}
    with timed(timings, "guard"):
        statements = engine.desired_statements(desired)
        for pattern in desired.access_patterns:
            guard.check_query(pattern.query, origin=f"{desired.source}: {pattern.path}.query")
    with (
        timed(timings, "shadow"),
        shadow_database(shadow_server_url, statements, source=desired.source, cache_key=desired.schemas) as shadow,
    ):
        with timed(timings, "inspect_desired"):
            catalog = engine.inspect_url(shadow, desired.schemas)
        with timed(timings, "explain"):
            patterns = explain_patterns(shadow, desired.access_patterns, catalog, desired.schemas)
    live = None
    if live_url is not None:
        with timed(timings, "inspect_live"):
            live = engine.inspect_url(live_url, desired.schemas)
    ctx = LintContext(
        desired=desired,
        catalog=catalog,
        hints=engine.hints_for(desired),
        live=live,
        patterns=patterns,
        rule_ids=frozenset(r.id for r in ALL_RULES),
    )
    with timed(timings, "rules"):
        report = run_rules(ctx, rules)
    return LintReport(
        source=desired.source,
        findings=report.findings,
        suppressed=report.suppressed,
        live=live is not None,
        timings=timings,
    )


def run_rules(ctx: LintContext, rules: Sequence[Rule] = ALL_RULES) -> LintReport:
    """Run ``rules`` on a ready context (no I/O) and apply the document's decisions."""
    found = [f for rule in rules for f in rule.check(ctx)]
    unsuppressible = frozenset(r.id for r in rules if not r.suppressible)
    remaining, suppressed = split(found, ctx.desired.decisions, unsuppressible)
    return LintReport(
        source=ctx.desired.source,
        findings=tuple(sorted(remaining, key=lambda f: f.sort_key)),
        suppressed=tuple(suppressed),
        live=ctx.live is not None,
    )
