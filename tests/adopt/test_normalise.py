"""Normalisation noise: a database restored from its own pg_dump differs, for migra, from the original in
every expression PostgreSQL prints differently the second time. The filter drops exactly that, and keeps a
real difference of the same kind."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest

from schemawright.adopt.dump import dump_schema, restorable
from schemawright.diff import MigraDiffer
from schemawright.diff.normalise import filter_noise
from schemawright.engine import inspect_url

TABLE = "CREATE TABLE item (id int PRIMARY KEY, status varchar(10) NOT NULL, n int)"

# kind -> (original DDL after TABLE, the same object with a real difference)
CASES = {
    "check": (
        "ALTER TABLE item ADD CONSTRAINT item_status CHECK (status IN ('new', 'done'))",
        "ALTER TABLE item ADD CONSTRAINT item_status CHECK (status IN ('new', 'gone'))",
    ),
    "index": (
        "CREATE INDEX item_open ON item (id) WHERE status IN ('new', 'done')",
        "CREATE INDEX item_open ON item (id) WHERE status IN ('new', 'gone')",
    ),
    "view": (
        "CREATE VIEW open_item AS SELECT id FROM item WHERE status IN ('new', 'done')",
        "CREATE VIEW open_item AS SELECT id FROM item WHERE status IN ('new', 'gone')",
    ),
    "default": (
        "ALTER TABLE item ALTER COLUMN n SET DEFAULT (CASE WHEN 'x'::varchar IN ('x', 'y') THEN 1 END)",
        "ALTER TABLE item ALTER COLUMN n SET DEFAULT (CASE WHEN 'x'::varchar IN ('x', 'z') THEN 1 END)",
    ),
}


def _build(url: str, ddl: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(ddl.encode())


def _live(kind: str, make_database: Callable[[str], str]) -> str:
    url = make_database("live")
    _build(url, f"{TABLE};\n{CASES[kind][0]}")
    return url


def _diff(live: str, desired: str) -> tuple[list[str], list[str]]:
    raw = MigraDiffer().diff(live, desired, ["public"])
    filtered, _ = filter_noise(raw, inspect_url(live, ("public",)), inspect_url(desired, ("public",)), desired)
    return raw, filtered


@pytest.mark.parametrize("kind", sorted(CASES))
def test_restored_from_its_own_dump_is_the_same(kind: str, make_database: Callable[[str], str]) -> None:
    live = _live(kind, make_database)
    restored = make_database("restored")
    _build(restored, restorable(dump_schema(live, ["public"])))

    raw, filtered = _diff(live, restored)

    assert raw, f"migra sees no {kind} noise any more: this case no longer tests the filter"
    assert filtered == []


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_real_difference_of_the_same_kind_is_kept(kind: str, make_database: Callable[[str], str]) -> None:
    live = _live(kind, make_database)
    desired = make_database("desired")
    _build(desired, f"{TABLE};\n{CASES[kind][1]}")

    raw, filtered = _diff(live, desired)

    assert raw
    assert filtered == raw


# Kinds checked for noise that migra already compares by meaning after a dump and restore (identity options,
# collations, sequences, function bodies — quoted and BEGIN ATOMIC —, generated columns, domains, views over
# views, grants): the filter has nothing to do for them, and this test says so if migra ever starts to differ.
QUIET = """
CREATE TABLE a (id int GENERATED ALWAYS AS IDENTITY (START WITH 10 CACHE 5) PRIMARY KEY, n text COLLATE "C",
                c text COLLATE "default", v varchar(5) DEFAULT 'x', t timestamptz DEFAULT now(),
                d numeric DEFAULT 1.50, g int GENERATED ALWAYS AS (id * 2) STORED);
CREATE SEQUENCE s AS integer START 5 INCREMENT 2;
CREATE TABLE b (id bigint DEFAULT nextval('s') NOT NULL, arr text[] DEFAULT '{}', j jsonb DEFAULT '{}'::jsonb);
CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'select x + 1';
CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT x + 1; END;
GRANT SELECT ON a TO pg_read_all_data;
GRANT SELECT, INSERT ON b TO pg_read_all_data;
CREATE DOMAIN pos AS int CHECK (VALUE > 0);
CREATE VIEW v1 AS SELECT * FROM a;
CREATE VIEW v2 AS SELECT id FROM v1 WHERE n > 'a';
"""


def test_kinds_without_noise_stay_quiet(make_database: Callable[[str], str]) -> None:
    live = make_database("live")
    _build(live, QUIET)
    restored = make_database("restored")
    _build(restored, restorable(dump_schema(live, ["public"], owners=True, privileges=True)))

    assert MigraDiffer().diff(live, restored, ["public"]) == []


def test_objects_migra_recreates_for_a_real_change_are_kept(make_database: Callable[[str], str]) -> None:
    # the view and the index print the same on both sides, but the column under them changes type: migra
    # drops and re-creates them around the ALTER, and that must reach the planner untouched
    ddl = (
        "CREATE TABLE item (id int PRIMARY KEY, status {type} NOT NULL);\n"
        "CREATE INDEX item_status ON item (status) WHERE status IN ('new', 'done');\n"
        "CREATE VIEW open_item AS SELECT id, status FROM item WHERE status IN ('new', 'done');\n"
    )
    live = make_database("live")
    _build(live, ddl.format(type="varchar(10)"))
    desired = make_database("desired")
    _build(desired, ddl.format(type="text"))

    raw, filtered = _diff(live, desired)

    assert any("view" in s for s in raw)
    assert filtered == raw
