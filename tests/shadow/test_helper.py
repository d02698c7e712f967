"""A second session builds the shadow's indexes beside the first: the shadow is the same as one session builds,
statement order kept wherever it matters, and an error is the one a single session reports."""

from __future__ import annotations

import pytest

from schemawright.connect.embedded import EmbeddedServer
from schemawright.engine.planning import inspect_url
from schemawright.errors import ShadowBuildError
from schemawright.guard import guard_script
from schemawright.inspect.catalog import Catalog
from schemawright.shadow import build as shadow_build
from schemawright.shadow import helper as shadow_helper
from schemawright.shadow.build import shadow_database


@pytest.fixture
def server(pg_server: EmbeddedServer) -> str:
    return pg_server.url("postgres")


@pytest.fixture
def given(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Small batches (many of them, so the helper takes part), no template, and what the helper was given."""
    monkeypatch.setattr(shadow_build, "BATCH_STATEMENTS", 4)
    monkeypatch.setenv("SCHEMAWRIGHT_SHADOW_CACHE", "0")
    taken: list[str] = []
    give = shadow_helper.Helper.give

    def counted(self: shadow_helper.Helper, builds: list[shadow_helper.IndexBuild]) -> None:
        taken.extend(b.name for b in builds)
        give(self, builds)

    monkeypatch.setattr(shadow_helper.Helper, "give", counted)
    return taken


def _built(
    server: str, statements: list[str], sessions: str, monkeypatch: pytest.MonkeyPatch, builds: list[int]
) -> Catalog:
    """The catalog of ``statements`` built on ``sessions`` sessions (never built again on one)."""
    monkeypatch.setenv("SCHEMAWRIGHT_SHADOW_SESSIONS", sessions)
    builds.clear()
    script = guard_script(";\n".join(statements), origin="doc.sql")  # what the shadow runs: settings known
    with shadow_database(server, script.statements, source="doc.sql") as url:
        catalog = inspect_url(url, ("public", "app"))
    assert builds == [int(sessions)], "the build failed on two sessions and was built again on one"
    return catalog


CHAIN = [
    statement
    for i in range(6)
    for statement in (
        f"CREATE TABLE t{i} (id bigint PRIMARY KEY, code text NOT NULL"
        + (f", parent_id bigint REFERENCES t{i - 1} (id))" if i else ")"),
        f"CREATE INDEX t{i}_code ON t{i} (code)",
        f"CREATE UNIQUE INDEX t{i}_code_id ON t{i} (code, id)",
    )
]

SCRIPTS = {
    "a chain of tables, each referencing the one before": CHAIN,
    # A foreign key needs the unique index on the columns it references: built before it, as written.
    "a foreign key on a unique index": [
        "CREATE TABLE codes (code text NOT NULL)",
        "CREATE UNIQUE INDEX codes_code ON codes (code)",
        "CREATE TABLE uses (code text REFERENCES codes (code))",
        "CREATE INDEX uses_code ON uses (code)",
    ],
    "an index named afterwards": [
        "CREATE TABLE notes (id int, body text)",
        "CREATE INDEX notes_body ON notes (body)",
        "COMMENT ON INDEX notes_body IS 'full text later'",
        "ALTER INDEX notes_body RENAME TO notes_body_idx",
        "ALTER TABLE notes CLUSTER ON notes_body_idx",
    ],
    "a table changed after its index": [
        "CREATE TABLE items (id int, price numeric, note text)",
        "CREATE INDEX items_price ON items (price)",
        "CREATE INDEX items_note ON items (note)",
        "ALTER TABLE items DROP COLUMN note",
        "ALTER TABLE items ALTER COLUMN price TYPE bigint",
        "ALTER TABLE items RENAME TO goods",
    ],
    # pg_dump's partitions: the child is a plain CREATE TABLE, attached later; indexes ON ONLY, then attached.
    "a partition tree as pg_dump writes it": [
        "CREATE TABLE events (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at)",
        "CREATE TABLE events_2026 (id bigint NOT NULL, at date NOT NULL)",
        "CREATE TABLE events_2027 (id bigint NOT NULL, at date NOT NULL)",
        "ALTER TABLE ONLY events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
        "CREATE INDEX events_2027_id ON events_2027 (id)",
        "ALTER TABLE ONLY events ATTACH PARTITION events_2027 FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')",
        "CREATE INDEX events_id ON ONLY events (id)",
        "CREATE INDEX events_2026_id ON events_2026 (id)",
        "ALTER INDEX events_id ATTACH PARTITION events_2026_id",
        "ALTER INDEX events_id ATTACH PARTITION events_2027_id",
        "CREATE TABLE parents (id int)",
        "CREATE INDEX parents_id ON parents (id)",
        "CREATE TABLE children (extra int) INHERITS (parents)",
    ],
    "a search path set between": [
        "CREATE SCHEMA app",
        "CREATE TABLE app.accounts (id int, email text)",
        "CREATE TABLE accounts (id int)",
        "SET search_path = app",
        "CREATE INDEX accounts_email ON accounts (email)",
        "SET search_path = public",
        "CREATE INDEX accounts_id ON accounts (id)",
    ],
}


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_two_sessions_build_what_one_session_builds(
    name: str, server: str, given: list[str], monkeypatch: pytest.MonkeyPatch, builds: list[int]
) -> None:
    statements = SCRIPTS[name]
    one = _built(server, statements, "1", monkeypatch, builds)
    assert given == []
    two = _built(server, statements, "2", monkeypatch, builds)
    assert two.fingerprint() == one.fingerprint()
    assert two.indexes == one.indexes and two.dependencies == one.dependencies


def test_the_helper_takes_the_index_builds_of_a_chain_of_tables(
    server: str, given: list[str], monkeypatch: pytest.MonkeyPatch, builds: list[int]
) -> None:
    _built(server, CHAIN, "2", monkeypatch, builds)
    # A unique index on a table the next one references stays in order: the foreign key could need it.
    assert {f"t{i}_code" for i in range(6)} <= set(given)


def test_an_index_that_does_not_build_is_reported_as_one_session_reports_it(
    server: str, given: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    statements = [*CHAIN, "CREATE INDEX t1_nothing ON t1 (no_such_column)", "CREATE TABLE after_it (id int)"]
    errors = []
    for sessions in ("1", "2"):
        monkeypatch.setenv("SCHEMAWRIGHT_SHADOW_SESSIONS", sessions)
        with pytest.raises(ShadowBuildError) as error, shadow_database(server, statements, source="doc.sql"):
            pass
        errors.append(str(error.value))
    assert "t1_nothing" in given  # the helper met the error; one session built it again to report it
    assert errors[0] == errors[1] and f"statement {len(CHAIN) + 1} failed" in errors[0]
