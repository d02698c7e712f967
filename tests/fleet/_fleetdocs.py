"""A small document the fleet tests roll out (one table; extra columns per test)."""

from __future__ import annotations

from typing import Any

from schemawright.spec import DesiredSchema, from_document


def accounts(*extra: str, name: str = "accounts", audit: bool = False) -> dict[str, Any]:
    """``accounts (id, email, <extra text columns>)``, and with ``audit`` a table ``audit (id)``."""
    columns = [
        {"name": "id", "type": "bigint", "identity": "always", "nullable": False},
        {"name": "email", "type": "text", "nullable": False},
    ] + [{"name": c, "type": "text"} for c in extra]
    return {
        "apiVersion": "schemawright.io/v1alpha1",
        "kind": "DatabaseSchema",
        "metadata": {"name": name},
        "spec": {
            "database": {"schemas": ["public"]},
            "tables": [{"name": "accounts", "columns": columns, "primaryKey": {"columns": ["id"]}}]
            + ([AUDIT] if audit else []),
        },
    }


AUDIT = {
    "name": "audit",
    "columns": [{"name": "id", "type": "bigint", "nullable": False}],
    "primaryKey": {"columns": ["id"]},
}


def desired(*extra: str, audit: bool = False) -> DesiredSchema:
    """:func:`accounts` as the engine's model."""
    return from_document(accounts(*extra, audit=audit), "accounts.yaml")
