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


# A rule a DBA made by hand on one target: no table audit there (an event trigger, outside the managed schemas).
# The rollout's CREATE TABLE fails on that target; dropping the trigger lifts it.
REFUSE_NEW_TABLES = (
    "CREATE SCHEMA dba; CREATE FUNCTION dba.refuse() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF current_query() ILIKE '%table \"public\".\"audit\"%' THEN RAISE EXCEPTION 'no table audit here'; END IF; "
    "END $$; CREATE EVENT TRIGGER refuse_new_tables ON ddl_command_start WHEN TAG IN ('CREATE TABLE') "
    "EXECUTE FUNCTION dba.refuse()"
)
LIFT = "DROP EVENT TRIGGER refuse_new_tables"
