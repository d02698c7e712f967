"""DatabaseSchema resources the operator tests create (each validated against the CRD when created)."""

from __future__ import annotations

import copy
from typing import Any


def shop(
    columns: list[dict[str, Any]] | None = None,
    *,
    name: str = "shop",
    secret: str = "shop-db",
    indexes: list[dict[str, Any]] | None = None,
    **policy: Any,
) -> dict[str, Any]:
    """``users`` (id, email, + ``columns``) and ``orders`` referencing it; policy fields as keyword arguments."""
    users = [
        {"name": "id", "type": "bigint", "identity": "always", "nullable": False},
        {"name": "email", "type": "text", "nullable": False},
    ]
    table: dict[str, Any] = {
        "name": "users",
        "columns": users + copy.deepcopy(columns or []),
        "primaryKey": {"columns": ["id"]},
    }
    if indexes:
        table["indexes"] = copy.deepcopy(indexes)
    return {
        "apiVersion": "schemawright.io/v1alpha1",
        "kind": "DatabaseSchema",
        "metadata": {"name": name, "namespace": "shop"},
        "spec": {
            "database": {"connectionSecretRef": {"name": secret, "key": "url"}},
            "tables": [
                table,
                {
                    "name": "orders",
                    "columns": [
                        {"name": "id", "type": "bigint", "nullable": False},
                        {"name": "user_id", "type": "bigint"},
                    ],
                    "primaryKey": {"columns": ["id"]},
                    "foreignKeys": [{"columns": ["user_id"], "references": {"table": "users"}}],
                },
            ],
            "policy": {"driftCheckInterval": "0s", **policy},
        },
    }


LABEL = {"schemawright.io/fleet": "tenants"}


def tenants(columns: list[str], *, audit: bool = False, drift: str = "0s", **rollout: Any) -> dict[str, Any]:
    """``accounts (id, email, <columns>)`` on every Secret labelled ``schemawright.io/fleet=tenants``; ``drift``:
    the drift check interval."""
    cols = [
        {"name": "id", "type": "bigint", "identity": "always", "nullable": False},
        {"name": "email", "type": "text", "nullable": False},
    ] + [{"name": c, "type": "text"} for c in columns]
    tables = [{"name": "accounts", "columns": cols, "primaryKey": {"columns": ["id"]}}]
    if audit:
        tables.append(
            {
                "name": "audit",
                "columns": [{"name": "id", "type": "bigint", "nullable": False}],
                "primaryKey": {"columns": ["id"]},
            }
        )
    return {
        "apiVersion": "schemawright.io/v1alpha1",
        "kind": "DatabaseSchema",
        "metadata": {"name": "tenants", "namespace": "shop"},
        "spec": {
            "database": {"secretSelector": {"matchLabels": LABEL}},
            "rollout": {"canary": 1, "maxParallel": 3, **rollout},
            "tables": tables,
            "policy": {"driftCheckInterval": drift},
        },
    }
