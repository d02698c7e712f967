"""Schema per tenant: one document's schema applied to every matching schema of a database, each a target."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest

from schemawright.cli.app import main
from schemawright.connect.embedded import EmbeddedServer
from schemawright.errors import SpecError
from schemawright.fleet import retarget
from schemawright.spec import from_document


def doc(*extra: str, sql: str = "") -> dict[str, object]:
    columns = [{"name": "id", "type": "bigint", "nullable": False}] + [{"name": c, "type": "text"} for c in extra]
    spec: dict[str, object] = {
        "database": {"schemas": ["app"]},
        "enums": [{"name": "plan_kind", "values": ["free", "paid"]}],
        "tables": [
            {"name": "customers", "columns": columns, "primaryKey": {"columns": ["id"]}},
            {
                "name": "orders",
                "columns": [
                    {"name": "id", "type": "bigint", "nullable": False},
                    {"name": "customer_id", "type": "bigint"},
                ],
                "primaryKey": {"columns": ["id"]},
                "foreignKeys": [{"columns": ["customer_id"], "references": {"table": "customers"}}],
            },
        ],
    }
    if sql:
        spec["sql"] = sql
    return {
        "apiVersion": "schemawright.io/v1alpha1",
        "kind": "DatabaseSchema",
        "metadata": {"name": "saas"},
        "spec": spec,
    }


def columns(url: str, schema: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema "
                "= %s AND table_name = 'customers' ORDER BY ordinal_position",
                (schema,),
            )
        ]


def test_retarget_moves_every_object_and_refuses_sql() -> None:
    tenant = retarget(from_document(doc(), "saas.yaml"), "tenant_b")
    assert tenant.schemas == ("tenant_b",)
    assert {t.schema for t in tenant.tables} == {"tenant_b"} and {e.schema for e in tenant.enums} == {"tenant_b"}
    with pytest.raises(SpecError, match=r"no spec\.sql"):
        retarget(from_document(doc(sql="CREATE VIEW v AS SELECT 1 AS x"), "saas.yaml"), "tenant_b")


def test_apply_to_every_tenant_schema(
    tmp_path: object, capsys: pytest.CaptureFixture[str], make_database: Callable[[str], str], pg_server: EmbeddedServer
) -> None:
    import yaml

    url = make_database("saas")
    with psycopg.connect(url, autocommit=True) as conn:
        for schema in ("tenant_a", "tenant_b", "tenant_c", "other"):
            conn.execute(f"CREATE SCHEMA {schema}")
    path = tmp_path / "saas.yaml"  # type: ignore[operator]
    flags = ["--database", url, "--shadow-url", pg_server.url("postgres"), "--tenant-schemas", "tenant_*"]
    path.write_text(yaml.safe_dump(doc()))
    assert main(["apply", str(path), *flags]) == 0
    out = capsys.readouterr().out
    assert "3 target(s): 3 ready" in out and "tenant_a: ready" in out
    path.write_text(yaml.safe_dump(doc("name")))
    assert main(["apply", str(path), *flags]) == 0
    assert all(columns(url, s) == ["id", "name"] for s in ("tenant_a", "tenant_b", "tenant_c"))
    assert columns(url, "other") == [] and columns(url, "app") == []
    with psycopg.connect(url) as conn:  # one journal entry per tenant and change
        assert conn.execute("SELECT count(*) FROM schemawright.plans WHERE status = 'done'").fetchone() == (6,)
