"""The JSON Schema: loadable from the package, CRD-friendly, described everywhere, defaults in sync."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from schemawright.spec import Policy, json_schema, load
from schemawright.spec.durations import DurationError, format_duration_ms, parse_duration_ms
from schemawright.spec.naming import column_addition, make_object_name

ROOT = Path(__file__).resolve().parents[2]
# The structural subset a Kubernetes CRD openAPIV3Schema accepts (no $ref, const, anyOf, uniqueItems …).
ALLOWED = {
    "type",
    "properties",
    "required",
    "items",
    "enum",
    "pattern",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "minItems",
    "default",
    "description",
    "additionalProperties",
    "oneOf",
    "not",  # spec.database: at most one of connectionSecretRef and secretSelector
}


def nodes(schema: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    yield path, schema
    for name, sub in schema.get("properties", {}).items():
        yield from nodes(sub, f"{path}.{name}" if path else name)
    if isinstance(schema.get("items"), dict):
        yield from nodes(schema["items"], f"{path}[]")
    if isinstance(schema.get("additionalProperties"), dict):
        yield from nodes(schema["additionalProperties"], f"{path}{{}}")


def test_package_copy_is_the_repository_schema() -> None:
    assert json_schema() == json.loads((ROOT / "schemas" / "databaseschema.schema.json").read_text())


def test_every_field_has_a_description() -> None:
    missing = [path for path, node in nodes(json_schema()) if not node.get("description")]
    assert missing == []


def test_structural_subset() -> None:
    schema = json_schema()
    for path, node in nodes(schema):
        if path == "":
            assert set(node) - ALLOWED <= {"$schema", "$id", "title"}
            continue
        assert set(node) <= ALLOWED, (path, set(node) - ALLOWED)
        assert "type" in node, path
        for branch in [*node.get("oneOf", []), *([node["not"]] if "not" in node else [])]:
            assert set(branch) == {"required"}, path  # junctors may only constrain, never declare


def test_policy_defaults_match_the_schema() -> None:
    props = json_schema()["properties"]["spec"]["properties"]["policy"]["properties"]
    policy = Policy()
    assert props["allowDestructive"]["default"] is policy.allow_destructive
    assert parse_duration_ms(props["lockTimeout"]["default"]) == policy.lock_timeout_ms
    assert parse_duration_ms(props["statementTimeout"]["default"]) == policy.statement_timeout_ms
    assert props["backfillBatchSize"]["default"] == policy.backfill_batch_size
    assert props["mode"]["default"] == policy.mode
    assert parse_duration_ms(props["driftCheckInterval"]["default"]) == policy.drift_check_interval_s * 1000
    assert props["onDelete"]["default"] == policy.on_delete
    assert props["keepUndeclaredExtensions"]["default"] is policy.keep_undeclared_extensions


@pytest.mark.parametrize(
    ("text", "ms"), [("0s", 0), ("500ms", 500), ("2s", 2000), ("5m", 300_000), ("1h", 3_600_000), ("1m30s", 90_000)]
)
def test_durations(text: str, ms: int) -> None:
    assert parse_duration_ms(text) == ms
    assert parse_duration_ms(format_duration_ms(ms)) == ms


@pytest.mark.parametrize("text", ["", "2", "1.5s", "2 s", "-1s", "5d", "s"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(DurationError, match="expected a whole number followed by ms, s, m or h"):
        parse_duration_ms(text)


def test_default_names_truncate_like_postgresql() -> None:
    assert make_object_name("users", None, "pkey") == "users_pkey"
    assert make_object_name("users", column_addition(["tenant_id", "email"]), "key") == "users_tenant_id_email_key"
    long = make_object_name("t" * 60, "c" * 30, "fkey")
    assert len(long) == 63 and long == "t" * 29 + "_" + "c" * 28 + "_fkey"
    assert len(make_object_name("é" * 40, None, "pkey").encode()) <= 63  # never splits a character


def test_model_helpers() -> None:
    desired = load(Path(__file__).parent / "data" / "rich.yaml")
    orders = desired.table("billing", "orders")
    assert orders is not None and orders.qualified == "billing.orders" and orders.key == ("billing", "orders")
    assert desired.table("public", "orders") is None
    assert orders.column("amount") is not None and orders.column("nope") is None
    users = desired.table("public", "users")
    assert users is not None
    ident = users.column("id")
    assert ident is not None and ident.not_null  # identity implies NOT NULL
    assert users.indexes[0].columns == ("name",)
    assert users.path == "spec.tables[1]" and users.columns[2].path == "spec.tables[1].columns[2]"
    assert desired.enum("billing", "currency") is not None
    assert desired.default_schema == "public"
    assert desired.policy == Policy(
        lock_timeout_ms=500,
        statement_timeout_ms=90_000,
        backfill_batch_size=5000,
        mode="PlanOnly",
        drift_check_interval_s=600,
    )
    assert desired.database.url_from_env == "SHOP_DATABASE_URL"
    assert desired.access_patterns[0].frequency == "high"
