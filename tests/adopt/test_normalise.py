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
    "check": ("ALTER TABLE item ADD CONSTRAINT item_status CHECK (status IN ('new', 'done'))",
              "ALTER TABLE item ADD CONSTRAINT item_status CHECK (status IN ('new', 'gone'))"),
    "index": ("CREATE INDEX item_open ON item (id) WHERE status IN ('new', 'done')",
              "CREATE INDEX item_open ON item (id) WHERE status IN ('new', 'gone')"),
    "view": ("CREATE VIEW open_item AS SELECT id FROM item WHERE status IN ('new', 'done')",
             "CREATE VIEW open_item AS SELECT id FROM item WHERE status IN ('new', 'gone')"),
    "default": ("ALTER TABLE item ALTER COLUMN n SET DEFAULT (CASE WHEN 'x'::varchar IN ('x', 'y') THEN 1 END)",
                "ALTER TABLE item ALTER COLUMN n SET DEFAULT (CASE WHEN 'x'::varchar IN ('x', 'z') THEN 1 END)"),
}


def _build(url: str, ddl: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(ddl.encode())


def _diff(live: str, desired: str) -> tuple[list[str], list[str]]:
    raw = MigraDiffer().diff(live, desired, ["public"])
    filtered, _ = filter_noise(raw, inspect_url(live, ("public",)), inspect_url(desired, ("public",)), desired)
    return raw, filtered


@pytest.mark.parametrize("kind", sorted(CASES))
def test_restored_from_its_own_dump_is_the_same(kind: str, make_database: Callable[[str], str]) -> None:
    original, _ = CASES[kind]
    live = make_database("live")
    _build(live, f"{TABLE};\n{original}")
    restored = make_database("restored")
    _build(restored, restorable(dump_schema(live, ["public"])))

    raw, filtered = _diff(live, restored)

    assert raw, f"migra sees no {kind} noise any more: this case no longer tests the filter"
    assert filtered == []


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_real_difference_of_the_same_kind_is_kept(kind: str, make_database: Callable[[str], str]) -> None:
    original, changed = CASES[kind]
    live = make_database("live")
    _build(live, f"{TABLE};\n{original}")
    desired = make_database("desired")
    _build(desired, f"{TABLE};\n{changed}")

    raw, filtered = _diff(live, desired)

    assert raw
    assert filtered == raw
