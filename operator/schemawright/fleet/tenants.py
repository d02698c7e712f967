"""Schema per tenant: the document's single schema applied to every matching schema of one database, each
schema one target (its own plan, journal entry and result line).

The document is re-targeted on its parsed form (the schema fields of ``spec``), never by rewriting SQL text:
a document with ``spec.sql`` cannot be re-targeted and is refused. Each schema name gets its own shadow.
"""

from __future__ import annotations

import copy
import fnmatch
from collections.abc import Sequence
from dataclasses import replace

from schemawright import engine
from schemawright.connect.db import connect
from schemawright.errors import Problem, SchemawrightError, SpecError
from schemawright.fleet.policy import RolloutPolicy
from schemawright.fleet.rollout import Listener, Rollout, TargetResult, roll_out
from schemawright.fleet.run import TargetError, apply_one, plan_changes, retryable, safe
from schemawright.fleet.targets import FleetTarget
from schemawright.spec import DesiredSchema, from_document


def retarget(desired: DesiredSchema, schema: str) -> DesiredSchema:
    """``desired`` with its one managed schema renamed to ``schema`` (tables, enums, references)."""
    if len(desired.schemas) != 1 or desired.sql.strip():
        raise SpecError(
            desired.source,
            [
                Problem(
                    "spec.database.tenantSchemas",
                    f"schemas {list(desired.schemas)}" + (" and spec.sql" if desired.sql.strip() else ""),
                    "a document with exactly one schema and no spec.sql (SQL text is never rewritten per tenant)",
                )
            ],
        )
    original = desired.schemas[0]
    doc = copy.deepcopy(desired.document)
    spec = doc["spec"]
    database = spec.setdefault("database", {})
    database["schemas"] = [schema]
    database.pop("tenantSchemas", None)
    for item in [*(spec.get("tables") or []), *(spec.get("enums") or [])]:
        if item.get("schema", original) == original:
            item["schema"] = schema
        for fk in item.get("foreignKeys") or []:
            if fk.get("references", {}).get("schema") == original:
                fk["references"]["schema"] = schema
    return replace(
        from_document(doc, f"{desired.source} (schema {schema})", overrides=desired.overrides),
        overrides=desired.overrides,
    )


def matching_schemas(url: str, pattern: str | None = None, names: Sequence[str] = ()) -> list[str]:
    """The schemas of the database at ``url`` that match ``pattern`` (``tenant_*``, shell style) or are in
    ``names`` (those that exist), by name."""
    with connect(url) as conn:
        existing = [
            str(r[0])
            for r in conn.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' "
                "ORDER BY nspname"
            )
        ]
    if pattern:
        return [s for s in existing if fnmatch.fnmatchcase(s, pattern)]
    return [s for s in existing if s in set(names)]


def apply_tenants(
    desired: DesiredSchema,
    url: str,
    schemas: Sequence[str],
    shadow_server_url: str,
    policy: RolloutPolicy | None = None,
    *,
    allow_destructive: bool = False,
    approve: str | None = None,
    listener: Listener | None = None,
) -> Rollout:
    """Roll ``desired`` out to each schema of ``schemas`` in the database at ``url``. One at a time: the
    targets share the database's advisory lock (one applier per database), so parallel ones would only wait."""
    policy = replace(policy or RolloutPolicy(), max_parallel=1)
    retargeted = {schema: retarget(desired, schema) for schema in schemas}  # every problem before any change

    def work(target: FleetTarget) -> TargetResult:
        tenant = retargeted[target.name]
        try:
            with engine.desired_side(tenant, shadow_server_url) as side:
                return apply_one(tenant, target, side, allow_destructive=allow_destructive, approve=approve)
        except TargetError:
            raise
        except SchemawrightError as exc:  # the tenant's shadow would not build
            raise TargetError(safe(str(exc), target), exc) from None

    return roll_out(
        [FleetTarget(schema, url) for schema in schemas], policy, work, retryable=retryable, listener=listener
    )


def plan_tenants(
    desired: DesiredSchema, url: str, schemas: Sequence[str], shadow_server_url: str
) -> list[TargetResult]:
    """Each tenant schema's plan, nothing applied (an empty plan is ready, another one pending)."""
    results = []
    for schema in schemas:
        tenant = retarget(desired, schema)
        try:
            with engine.desired_side(tenant, shadow_server_url) as side:
                plan = engine.plan_against(side, url).plan
        except SchemawrightError as exc:
            results.append(TargetResult(schema, "failed", error=safe(str(exc), FleetTarget(schema, url))))
            continue
        results.append(
            TargetResult(
                schema,
                "ready" if plan.is_empty else "pending",
                plan_hash=plan.hash,
                fingerprint=plan.fingerprint,
                changes=plan_changes(plan),
            )
        )
    return results
