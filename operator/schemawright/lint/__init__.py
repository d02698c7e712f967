"""The architect's judgement: lint rules from the database-architect discipline, run on the desired schema
as PostgreSQL builds it (a shadow database), with live statistics and access patterns when available.

```python
from schemawright.lint import lint
report = lint(desired, shadow_server_url, live_url=None)
report.findings, report.suppressed, report.failed
```

docs/lint/README.md lists the rules; each has a page generated from its module.
"""

from __future__ import annotations

from schemawright.lint.model import Finding, Rule, Severity
from schemawright.lint.rules import ALL_RULES, rule
from schemawright.lint.runner import LintReport, lint, run_rules

__all__ = ["ALL_RULES", "Finding", "LintReport", "Rule", "Severity", "lint", "rule", "run_rules"]
