"""spec.sqlFrom: a 1.5 MB schema split over two ConfigMaps, applied by the operator and re-applied when a
ConfigMap changes."""

from __future__ import annotations

import json

import pytest
from _cluster import Kubectl, wait_for
from _docs import shop
from _target import Target

pytestmark = pytest.mark.asyncio

TABLES_PER_PART = 75


def part_sql(first: int, count: int = TABLES_PER_PART) -> str:
    """Tables with long comments: about 760 KB per 75 tables (a ConfigMap holds at most 1 MiB)."""
    statements = []
    for i in range(first, first + count):
        columns = ",\n  ".join(f"c{j} text" for j in range(8))
        statements.append(f"CREATE TABLE t_{i} (\n  id bigint PRIMARY KEY,\n  {columns}\n);")
        statements.append(f"COMMENT ON TABLE t_{i} IS '" + (f"Rows of table {i}. " * 560) + "';")
    return "\n".join(statements) + "\n"


def ready(kubectl: Kubectl, generation: int) -> bool:
    obj = kubectl.get("shop") or {}
    return bool(
        kubectl.condition("shop", "Ready").get("status") == "True"
        and (obj.get("status") or {}).get("observedGeneration") == generation
    )


@pytest.mark.slow
async def test_a_schema_larger_than_one_object_comes_from_two_config_maps(operator: Kubectl, target: Target) -> None:
    kubectl = operator
    first, second = part_sql(0), part_sql(TABLES_PER_PART)
    assert len(first) + len(second) > 1_500_000 and max(len(first), len(second)) < 1_000_000
    await kubectl.create_secret("shop-db", {"url": target.url})
    await kubectl.apply_config_map("schema-1", {"schema.sql": first})
    await kubectl.apply_config_map("schema-2", {"schema.sql": second})
    resource = shop()
    resource["spec"]["sqlFrom"] = [
        {"configMap": "schema-1", "key": "schema.sql"},
        {"configMap": "schema-2", "key": "schema.sql"},
    ]
    assert len(json.dumps(resource)) < 4096  # the resource stays small: client-side apply would work too
    await kubectl.apply(resource)
    await wait_for("Ready=True with the ConfigMaps' tables", lambda: ready(kubectl, 1), timeout=240)
    tables = target.tables()
    assert {"users", "orders"} <= tables
    assert {f"t_{i}" for i in range(2 * TABLES_PER_PART)} <= tables
    digest = (kubectl.get("shop") or {})["status"]["sqlFromDigest"]

    # A ConfigMap changes (a new table at the end): the operator reconciles without a change of the resource.
    await kubectl.apply_config_map("schema-2", {"schema.sql": second + "CREATE TABLE late_arrival (id bigint);\n"})
    await wait_for("the new table from the changed ConfigMap", lambda: "late_arrival" in target.tables(), timeout=240)
    await wait_for(
        "Ready again",
        lambda: ready(kubectl, 1) and (kubectl.get("shop") or {})["status"]["sqlFromDigest"] != digest,
        timeout=60,
    )


async def test_a_missing_config_map_is_named_and_waited_for(operator: Kubectl, target: Target) -> None:
    kubectl = operator
    await kubectl.create_secret("shop-db", {"url": target.url})
    resource = shop()
    resource["spec"]["sqlFrom"] = [{"configMap": "views", "key": "views.sql"}]
    await kubectl.apply(resource)
    await wait_for(
        "ConfigMapNotFound",
        lambda: (
            "ConfigMap shop/views not found"
            in kubectl.condition("shop", "Reconciling").get("message", "")
            + kubectl.condition("shop", "Ready").get("message", "")
        ),
        timeout=60,
    )
    await kubectl.apply_config_map("views", {"views.sql": "CREATE VIEW user_emails AS SELECT email FROM users;"})
    await wait_for("Ready once the ConfigMap exists", lambda: ready(kubectl, 1), timeout=60)
    assert (
        "user_emails"
        in target.query("SELECT string_agg(viewname, ',') FROM pg_views WHERE schemaname = 'public'")[0][0]
    )
