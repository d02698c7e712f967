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
