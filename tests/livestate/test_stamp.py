"""The catalog stamp (livestate/stamp.py) keys the kept inspections of a live database: any DDL committed in the
database changes it, in a managed schema or not, while writes, statistics and a DDL rolled back leave it as it was."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest

from schemawright.livestate.stamp import catalog_stamp

BASE = """
CREATE SCHEMA app;
CREATE SCHEMA other;
CREATE TABLE app.accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text, score int, note varchar(10));
CREATE VIEW app.active AS SELECT id, email FROM app.accounts WHERE score > 0;
CREATE FUNCTION other.bump(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
CREATE TYPE app.mood AS ENUM ('calm', 'busy');
"""

CHANGES = [
    # in a managed schema
    "ALTER TABLE app.accounts ADD COLUMN born date",
    "ALTER TABLE app.accounts ALTER COLUMN email SET NOT NULL",
    "ALTER TABLE app.accounts ALTER COLUMN score SET DEFAULT 0",
    "ALTER TABLE app.accounts ALTER COLUMN note TYPE varchar(20)",
    "ALTER TABLE app.accounts RENAME COLUMN email TO mail",
    "CREATE INDEX accounts_email ON app.accounts (email)",
    "ALTER TABLE app.accounts ADD CONSTRAINT positive CHECK (score >= 0) NOT VALID",
    "COMMENT ON COLUMN app.accounts.email IS 'login'",
    "GRANT SELECT ON app.accounts TO sw_stamp_reader",
    "ALTER TABLE app.accounts ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY own ON app.accounts USING (score > 0)",
    "CREATE OR REPLACE VIEW app.active AS SELECT id, email FROM app.accounts WHERE score > 1",
    "ALTER TYPE app.mood ADD VALUE 'away'",
    "ALTER SEQUENCE app.accounts_id_seq INCREMENT BY 2",
    "CREATE COLLATION app.c_again (locale = 'C')",
    "CREATE STATISTICS app.pair ON email, score FROM app.accounts",
    "ALTER TABLE app.accounts SET (fillfactor = 80)",
    # outside the managed schemas: what a full inspection also reads
    "CREATE VIEW other.mails AS SELECT email FROM app.accounts",
    "ALTER FUNCTION other.bump(int) VOLATILE",
    "CREATE TABLE other.notes (body text)",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO sw_stamp_reader",
    "DROP FUNCTION other.bump(int)",
]

UNCHANGED = [
    "INSERT INTO app.accounts (email, score) SELECT 'u' || g, g FROM generate_series(1, 500) g",
    "UPDATE app.accounts SET score = score + 1",
    "DELETE FROM app.accounts WHERE score > 100",
    "ANALYZE app.accounts",
    "VACUUM app.accounts",
    "SELECT nextval('app.accounts_id_seq')",
]


@pytest.fixture
def live(make_database: Callable[[str], str]) -> str:
    url = make_database("stamp")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DO $$ BEGIN CREATE ROLE sw_stamp_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN END $$")
        conn.execute(BASE.encode())
    return url


def _stamp(url: str) -> str:
    with psycopg.connect(url) as conn:
        return catalog_stamp(conn)


@pytest.mark.parametrize("statement", CHANGES)
def test_any_ddl_changes_the_stamp(live: str, statement: str) -> None:
    before = _stamp(live)
    assert _stamp(live) == before  # stable while nothing happens
    with psycopg.connect(live, autocommit=True) as conn:
        conn.execute(statement.encode())
    assert _stamp(live) != before


def test_writes_statistics_and_a_rolled_back_ddl_keep_the_stamp(live: str) -> None:
    before = _stamp(live)
    with psycopg.connect(live, autocommit=True) as conn:
        for statement in UNCHANGED:
            conn.execute(statement.encode())
        with pytest.raises(psycopg.errors.DivisionByZero), conn.transaction():
            conn.execute("ALTER TABLE app.accounts ADD COLUMN never int")
            conn.execute("SELECT 1 / 0")
    assert _stamp(live) == before


def test_two_databases_with_the_same_schema_have_different_stamps(
    live: str, make_database: Callable[[str], str]
) -> None:
    twin = make_database("stamp")
    with psycopg.connect(twin, autocommit=True) as conn:
        conn.execute(BASE.encode())
    assert _stamp(twin) != _stamp(live)
