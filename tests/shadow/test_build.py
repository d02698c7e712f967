"""The shadow build runs a document's statements in batches: the result, the settings a script makes and the
error a broken statement gets are what a one-by-one build gives."""

from __future__ import annotations

import psycopg
import pytest

from schemawright.connect.embedded import EmbeddedServer
from schemawright.errors import ShadowBuildError
from schemawright.guard import Statement
from schemawright.shadow import build as shadow_module
from schemawright.shadow.build import shadow_database


@pytest.fixture
def server(pg_server: EmbeddedServer) -> str:
    return pg_server.url("postgres")


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shadow_module, "BATCH_STATEMENTS", 3)  # several batches even for a short script
    monkeypatch.setenv("SCHEMAWRIGHT_SHADOW_CACHE", "0")  # these tests are about the build itself


def _tables(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname NOT IN "
            "('pg_catalog', 'information_schema') ORDER BY 1"
        ).fetchall()
    return [str(row[0]) for row in rows]


def test_many_statements_all_build(server: str) -> None:
    statements = [f"CREATE TABLE t{n} (id int PRIMARY KEY, note text -- trailing comment\n)" for n in range(10)]
    with shadow_database(server, statements, source="doc.yaml") as url:
        assert _tables(url) == sorted(f"public.t{n}" for n in range(10))


def test_a_setting_applies_to_the_statements_after_it(server: str) -> None:
    statements = [
        "CREATE SCHEMA app",
        Statement("SET search_path = app, public", "setting"),
        "CREATE TABLE a (id int)",
        "CREATE TABLE b (id int)",
        "CREATE TABLE c (id int)",
    ]
    with shadow_database(server, statements, source="doc.yaml") as url:
        assert _tables(url) == ["app.a", "app.b", "app.c"]


def test_an_enum_label_added_is_usable_by_the_next_statements(server: str) -> None:
    statements = [
        "CREATE TYPE mood AS ENUM ('ok')",
        "ALTER TYPE mood ADD VALUE 'great'",
        "CREATE TABLE t (m mood DEFAULT 'great')",
        "CREATE INDEX CONCURRENTLY t_m ON t (m)",
    ]
    with shadow_database(server, statements, source="doc.yaml") as url:
        assert _tables(url) == ["public.t"]


def test_a_broken_statement_in_a_batch_is_named_by_its_number_and_text(server: str) -> None:
    statements = [
        "CREATE TABLE a (id int)",
        "CREATE TABLE b (id int)",
        "CREATE TABLE c (id no_such_type)",
        "CREATE TABLE d (id int)",
    ]
    with pytest.raises(ShadowBuildError) as caught, shadow_database(server, statements, source="doc.yaml"):
        pass
    message = str(caught.value)
    assert "doc.yaml: the desired schema does not build in PostgreSQL: statement 3 failed" in message
    assert 'type "no_such_type" does not exist' in message and "CREATE TABLE c (id no_such_type)" in message


def test_grants_to_missing_roles_are_skipped_and_the_rest_still_builds(server: str) -> None:
    statements = [
        "CREATE TABLE a (id int)",
        Statement("GRANT SELECT ON a TO sw_nobody_here", "privilege"),
        "CREATE TABLE b (id int)",
        Statement("GRANT SELECT ON b TO sw_nobody_here", "privilege"),
        "CREATE TABLE c (id int)",
    ]
    notes: list[str] = []
    with shadow_database(server, statements, source="doc.yaml", notes=notes) as url:
        assert _tables(url) == ["public.a", "public.b", "public.c"]
    assert len(notes) == 1 and notes[0].startswith("2 GRANT/REVOKE statement(s) skipped")
    assert "sw_nobody_here" in notes[0]


def test_a_setting_the_shadow_server_does_not_know_is_skipped_with_a_note(
    server: str, monkeypatch: pytest.MonkeyPatch, builds: list[int]
) -> None:
    """pg_dump 17 and later begin with ``SET transaction_timeout = 0``, which PostgreSQL 16 and older refuse
    ("unrecognized configuration parameter"): a dump made with a newer client than the shadow server (``init``
    from PostgreSQL 15 runs the wheel's pg_dump 18) must still build. A name this server does not know stands in
    for it; the tables' indexes go to the helper session, which must not replay the setting either."""
    statements: list[str | Statement] = [
        Statement("SET sw_unknown_to_this_server_timeout = 0", "setting"),
        Statement("SET lock_timeout = 0", "setting"),
        "CREATE TABLE a (id int)",
        "CREATE INDEX a_id ON a (id)",
        "CREATE TABLE b (id int)",
        "CREATE INDEX b_id ON b (id)",
    ]
    monkeypatch.setenv("SCHEMAWRIGHT_SHADOW_SESSIONS", "2")
    notes: list[str] = []
    with shadow_database(server, statements, source="dump.sql", notes=notes) as url:
        assert _tables(url) == ["public.a", "public.b"]
    assert builds == [2]  # built once, on two sessions: not built again on one after the helper failed
    assert notes == [
        "1 session setting(s) skipped in the shadow, unknown to its server: sw_unknown_to_this_server_timeout (a "
        "pg_dump newer than the server writes them; what a server does not know cannot shape the schema it builds)"
    ]


def test_a_setting_with_a_bad_value_still_fails_the_build(server: str) -> None:
    statements: list[str | Statement] = [Statement("SET lock_timeout = 'soon'", "setting"), "CREATE TABLE a (id int)"]
    with (
        pytest.raises(ShadowBuildError, match="statement 1 failed: invalid value for parameter"),
        shadow_database(server, statements, source="dump.sql"),
    ):
        pass
