"""The rendered DDL runs on a real PostgreSQL 18 and produces the catalog the document describes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest

from schemawright.spec import DesiredSchema, from_document, load, render, render_script

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def rich() -> DesiredSchema:
    return load(DATA / "rich.yaml")


@pytest.fixture
def rich_db(rich: DesiredSchema, database_url: str) -> psycopg.Connection[Any]:
    conn = psycopg.connect(database_url, autocommit=True)
    for statement in render(rich):
        conn.execute(statement)
    conn.execute(rich.sql)  # in production the shadow module runs spec.sql after the SQL guard
    return conn


def one(conn: psycopg.Connection[Any], query: str, *params: object) -> Any:
    row = conn.execute(query, params).fetchone()
    assert row is not None, query
    return row[0]


def test_statements_are_separate_and_ordered(rich: DesiredSchema) -> None:
    statements = render(rich)
    assert statements[0] == 'CREATE SCHEMA IF NOT EXISTS "billing"'
    assert statements[1:3] == ['CREATE EXTENSION IF NOT EXISTS "citext"', 'CREATE EXTENSION IF NOT EXISTS "pg_trgm"']
    kinds = [s.split(" (")[0].split(" ON ")[0] for s in statements]
    first_fk = next(i for i, s in enumerate(statements) if "FOREIGN KEY" in s)
    last_table = max(i for i, s in enumerate(statements) if s.startswith("CREATE TABLE"))
    assert first_fk > last_table, kinds
    assert not any(s.rstrip().endswith(";") for s in statements)
    assert all("active_users" not in s for s in statements)  # spec.sql is not rendered
    assert render_script(rich).count(";\n") == len(statements)


def test_rich_document_executes(rich_db: psycopg.Connection[Any]) -> None:
    tables = {
        (r[0], r[1])
        for r in rich_db.execute(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('public', 'billing')"
        )
    }
    assert tables == {
        ("public", "tenants"),
        ("public", "users"),
        ("public", "Order Items"),
        ("billing", "orders"),
        ("billing", "orders_2026"),
        ("billing", "orders_default"),
    }


def test_generated_columns(rich_db: psycopg.Connection[Any]) -> None:
    rows = dict(
        rich_db.execute(
            "SELECT attname, attgenerated FROM pg_attribute WHERE attrelid = 'public.users'::regclass "
            "AND attname IN ('name_lower', 'name_upper')"
        ).fetchall()
    )
    assert rows == {"name_lower": "v", "name_upper": "s"}


def test_identity_columns(rich_db: psycopg.Connection[Any]) -> None:
    assert (
        one(
            rich_db, "SELECT attidentity FROM pg_attribute WHERE attrelid = 'public.users'::regclass AND attname = 'id'"
        )
        == "a"
    )
    assert (
        one(
            rich_db,
            "SELECT attidentity FROM pg_attribute WHERE attrelid = 'billing.orders'::regclass AND attname = 'id'",
        )
        == "d"
    )


def test_constraints(rich_db: psycopg.Connection[Any]) -> None:
    cons = {
        r[0]: (r[1], r[2], r[3])
        for r in rich_db.execute(
            "SELECT conname, contype, conenforced, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid IN ('public.users'::regclass, 'billing.orders'::regclass) AND contype <> 'n'"
        )
    }
    assert cons["users_email_shape"][:2] == ("c", False)  # NOT ENFORCED
    assert cons["users_name_check"][:2] == ("c", True)
    assert cons["users_pkey"][0] == "p"
    assert cons["users_tenant_id_email_key"][2] == "UNIQUE NULLS NOT DISTINCT (tenant_id, email)"
    assert cons["users_tenant_id_fkey"][2] == "FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE"
    assert cons["orders_user_fk"][2] == (
        "FOREIGN KEY (user_id) REFERENCES users(id) ON UPDATE CASCADE ON DELETE RESTRICT"
    )


def test_index_definition(rich_db: psycopg.Connection[Any]) -> None:
    definition = one(rich_db, "SELECT pg_get_indexdef('public.users_name_idx'::regclass)")
    assert definition == (
        "CREATE INDEX users_name_idx ON public.users USING btree (name text_pattern_ops, lower(name) DESC NULLS LAST)"
        " INCLUDE (email) WHERE (deleted_at IS NULL)"
    )
    trgm = one(rich_db, "SELECT pg_get_indexdef('public.users_name_trgm_idx'::regclass)")
    assert "USING gin (name gin_trgm_ops)" in trgm


def test_row_level_security(rich_db: psycopg.Connection[Any]) -> None:
    assert rich_db.execute(
        "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = 'public.users'::regclass"
    ).fetchone() == (True, True)
    policies = dict(
        rich_db.execute(
            "SELECT polname, polpermissive FROM pg_policy WHERE polrelid = 'public.users'::regclass"
        ).fetchall()
    )
    assert policies == {"tenant_isolation": True, "read_only_deleted": False}


def test_partitions(rich_db: psycopg.Connection[Any]) -> None:
    bounds = dict(
        rich_db.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'billing.orders'::regclass"
        ).fetchall()
    )
    assert bounds["orders_2026"].startswith("FOR VALUES FROM ('2026-01-01 00:00:00")  # in the server's time zone
    assert bounds["orders_default"] == "DEFAULT"
    assert (
        one(rich_db, "SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'billing.orders'::regclass") == "r"
    )


def test_enums_and_comments(rich_db: psycopg.Connection[Any]) -> None:
    labels = [
        r[0]
        for r in rich_db.execute(
            "SELECT enumlabel FROM pg_enum WHERE enumtypid = 'public.order_status'::regtype ORDER BY enumsortorder"
        )
    ]
    assert labels == ["pending", "paid", "shipped"]
    assert one(rich_db, "SELECT obj_description('public.users'::regclass, 'pg_class')") == "People who log in."
    assert one(rich_db, "SELECT col_description('public.users'::regclass, 3)") == "Login name; it's unique per tenant."


def test_identifier_quoting(rich_db: psycopg.Connection[Any]) -> None:
    rich_db.execute('INSERT INTO "Order Items" ("select") VALUES (ARRAY[\'a\'])')
    assert one(rich_db, 'SELECT "select"[1] || "Quantity" FROM "Order Items"') == "a1"
    assert (
        one(rich_db, "SELECT conname FROM pg_constraint WHERE conrelid = '\"Order Items\"'::regclass AND contype = 'c'")
        == "Order Items_Quantity_check"
    )
    assert one(rich_db, "SELECT count(*) FROM pg_class WHERE relname = 'Order Items select'") == 1


def test_behaviour(rich_db: psycopg.Connection[Any]) -> None:
    """Defaults, generated values and the NULLS NOT DISTINCT unique constraint behave as declared."""
    tenant = one(rich_db, "INSERT INTO tenants (name) VALUES ('acme') RETURNING id")
    rich_db.execute("INSERT INTO users (tenant_id, email, name) VALUES (%s, 'A@x.io', 'Ann')", [tenant])
    assert rich_db.execute("SELECT name_lower, name_upper FROM users").fetchone() == ("ann", "ANN")
    with pytest.raises(psycopg.errors.UniqueViolation):
        rich_db.execute("INSERT INTO users (tenant_id, email) VALUES (%s, 'a@X.io')", [tenant])
    with pytest.raises(psycopg.errors.CheckViolation):
        rich_db.execute("INSERT INTO users (tenant_id, email, name) VALUES (%s, 'r@x.io', 'root')", [tenant])


def _minimal(table: dict[str, Any]) -> DesiredSchema:
    return from_document(
        {
            "apiVersion": "schemawright.io/v1alpha1",
            "kind": "DatabaseSchema",
            "metadata": {"name": "t"},
            "spec": {"tables": [table]},
        },
        "test",
    )


def test_default_names_match_postgresql(database_url: str) -> None:
    """The names we render for unnamed constraints are the ones PostgreSQL itself would choose."""
    long = "a_rather_long_table_name_that_goes_on_and_on_and_on_for_a_while"
    table = {
        "name": long,
        "columns": [{"name": "x" * 40, "type": "int"}, {"name": "y", "type": "int"}, {"name": "z", "type": "int"}],
        "primaryKey": {"columns": ["y"]},
        "uniques": [{"columns": ["x" * 40, "y"]}, {"columns": ["z"]}],
        "checks": [{"expression": "y > 0"}, {"expression": "y > z"}, {"expression": "y < 100"}],
        "foreignKeys": [{"columns": ["z"], "references": {"table": long, "columns": ["y"]}}],
    }
    desired = _minimal(table)
    ours = {c.name for t in desired.tables for c in (*t.uniques, *t.checks, *t.foreign_keys, t.primary_key) if c}
    cols = ", ".join(f"{c['name']} int" for c in table["columns"])
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            f"CREATE TABLE {long} ({cols}, PRIMARY KEY (y), UNIQUE ({'x' * 40}, y), UNIQUE (z), "
            f"CHECK (y > 0), CHECK (y > z), CHECK (y < 100), FOREIGN KEY (z) REFERENCES {long} (y))"
        )
        theirs = {
            r[0]
            for r in conn.execute(
                f"SELECT conname FROM pg_constraint WHERE conrelid = '{long}'::regclass AND contype <> 'n'"
            )
        }
    assert ours == theirs
