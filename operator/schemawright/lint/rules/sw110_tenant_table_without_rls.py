"""SW110: a multi-tenant table (``tenant_id``) without row-level security and a policy."""

from __future__ import annotations

from collections.abc import Iterator

from schemawright.lint.context import LintContext, table_object
from schemawright.lint.model import Finding, Rule, Severity

TENANT_COLUMN = "tenant_id"


class TenantTableWithoutRls(Rule):
    """Multi-tenancy: the database, not every query, keeps tenants apart."""

    id = "SW110"
    name = "tenant-table-without-rls"
    severity = Severity.ERROR
    summary = "A table with a `tenant_id` column does not have row-level security enabled with a policy."
    rationale = """\
Multi-tenant SaaS on PostgreSQL: row-level security. A `tenant_id` column filtered by the application in
every query is one forgotten `WHERE` away from showing one tenant's data to another. With RLS enabled and
a policy, PostgreSQL adds the tenant condition to every query of every role that does not own the table:

```sql
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON orders
  USING (tenant_id = current_setting('app.current_tenant_id')::uuid);
```

Enabled without any policy, RLS hides every row (from everyone but the owner), which is as wrong. The
table's owner bypasses RLS unless it is `FORCE`d: the application should not connect as the owner."""
    bad = """\
- name: orders
  columns:
    - {name: tenant_id, type: uuid, nullable: false}
"""
    good = """\
  rowLevelSecurity:
    enabled: true
    policies:
      - {name: tenant_isolation, using: "tenant_id = current_setting('app.current_tenant_id', true)::uuid"}
"""

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        """Tenant-scoped tables without RLS or without a policy."""
        for table in ctx.tables:
            if TENANT_COLUMN not in table.columns:
                continue
            key = (table.schema, table.name)
            enabled = ctx.catalog.row_security.get(key, (False, False))[0]
            policies = [name for (s, t, name) in ctx.catalog.policies if (s, t) == key]
            if enabled and policies:
                continue
            obj = table_object(*key)
            problem = (
                "row-level security is not enabled"
                if not enabled
                else "row-level security is enabled but no policy grants access"
            )
            yield self.finding(
                obj,
                f"{obj} is tenant-scoped ({TENANT_COLUMN}) but {problem}: tenant isolation depends on every "
                "query remembering its WHERE clause",
                "  rowLevelSecurity:\n    enabled: true\n    policies:\n      - {name: tenant_isolation, using: "
                "\"tenant_id = current_setting('app.current_tenant_id', true)::uuid\"}",
                path=ctx.table_path(*key),
            )
