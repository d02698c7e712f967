"""SW100: a decision that acknowledges lint rules must say why, which rules and which objects."""

from __future__ import annotations

from collections.abc import Iterator

from schemawright.lint.context import LintContext
from schemawright.lint.model import Finding, Rule, Severity
from schemawright.lint.suppress import has_rationale


class SuppressionWithoutRationale(Rule):
    """Decisions in ``spec.decisions[]`` that name ``rules`` are suppressions; they must be complete."""

    id = "SW100"
    name = "suppression-without-rationale"
    severity = Severity.ERROR
    suppressible = False
    summary = "A decision acknowledges lint rules without a rationale, names an unknown rule, or names no object."
    rationale = """\
Findings are acknowledged only through `spec.decisions[]`: an architecture decision record that names the
rule ids (`rules`) and the objects (`objects`) it covers. A suppression is a decision, so it has to be
written down like one: the `context` (why a decision was needed) and the `decision` (what was decided)
must both be filled in, or the next reader cannot tell a deliberate deviation from a silenced warning.

This rule also reports a decision that names a rule id that does not exist (a typo would silently
acknowledge nothing) and one that names rules but no objects (a suppression covers named objects only;
write `public.*` to cover a whole schema, deliberately). A decision without a rationale acknowledges
nothing. This rule itself cannot be suppressed."""
    bad = """\
decisions:
  - id: ADR-0007
    title: JSONB for event payloads
    rules: [SW104]
    objects: [public.events.payload]
"""
    good = """\
decisions:
  - id: ADR-0007
    title: JSONB for event payloads
    context: >-
      Each event type carries a different payload, defined by the producing service; events are
      written once and read back whole, never filtered or joined on payload fields.
    decision: Keep the payload in events.payload jsonb; typed columns for everything we query.
    consequences: The database does not validate payloads; producers do.
    rules: [SW104]
    objects: [public.events.payload]
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """Incomplete suppressions among the document's decisions."""
        for decision in ctx.desired.decisions:
            if not decision.rules:
                continue
            obj = f"decision:{decision.id}"
            rules = ", ".join(decision.rules)
            if not has_rationale(decision):
                missing = [f for f in ("context", "decision") if not getattr(decision, f).strip()]
                verb = "are" if len(missing) > 1 else "is"
                yield self.finding(
                    obj,
                    f"decision {decision.id} ({decision.title}) acknowledges {rules} but its "
                    f"{' and '.join(missing)} {verb} empty: a suppression without a rationale acknowledges nothing",
                    f"write why in {decision.path}.context (the forces at play) and {decision.path}.decision "
                    "(what was decided), e.g.\n  context: >-\n    Tenants sell different things; attributes "
                    "differ per category and are never joined.\n  decision: Keep them in a jsonb column with a "
                    "GIN index.",
                    path=decision.path,
                )
            unknown = [r for r in decision.rules if r not in ctx.rule_ids]
            if unknown:
                yield self.finding(
                    obj,
                    f"decision {decision.id} names rule(s) {', '.join(unknown)}, which do not exist: it "
                    "acknowledges nothing for them",
                    f"use the ids listed in docs/lint/README.md (e.g. rules: [SW104]) in {decision.path}.rules",
                    path=decision.path,
                )
            if not decision.objects:
                yield self.finding(
                    obj,
                    f"decision {decision.id} names rules ({rules}) but no objects: a decision acknowledges "
                    "findings on the objects it names only",
                    f"list them in {decision.path}.objects, e.g. objects: [public.products.attributes] "
                    "(or public.* for a whole schema)",
                    path=decision.path,
                )
