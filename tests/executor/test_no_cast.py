"""A column type change PostgreSQL has no cast for (``bigint`` → ``uuid``: danbooru made one in 2025) is refused
when the plan is made, naming the column in the document and the ways to make the change, before any step runs:
before, the plan's earlier steps ran on the live database and the type change failed after them."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from _support import run_cli, scalar

from schemawright import engine
from schemawright.spec import load

V1 = """
apiVersion: schemawright.io/v1alpha1
kind: DatabaseSchema
metadata: {name: events}
spec:
  tables:
    - name: user_events
      primaryKey: {columns: [id]}
      columns:
        - {name: id, type: bigint, nullable: false}
        - {name: session_id, type: bigint}
"""
# v2 adds a table and an index (steps that run first) and changes session_id to uuid
V2 = (
    V1.replace("{name: session_id, type: bigint}", "{name: session_id, type: uuid}")
    + """    - name: login_sessions
      primaryKey: {columns: [id]}
      columns:
        - {name: id, type: uuid, nullable: false}
"""
)


def test_a_type_change_without_a_cast_is_refused_before_anything_runs(
    make_database: Callable[[str], str], shadow: str, write_doc: Callable[..., str]
) -> None:
    url = make_database("nocast")
    engine.apply(load(write_doc(V1, "v1.yaml")), url, shadow)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("INSERT INTO user_events VALUES (1, 42)")

    result = run_cli("apply", write_doc(V2, "v2.yaml"), "--database", url, "--shadow-url", shadow)

    assert result.returncode == 2, result.stderr
    assert (
        "spec.tables[0].columns[1] (public.user_events.session_id): bigint -> uuid cannot be done in place"
        in result.stderr
    )
    assert "PostgreSQL has no cast from bigint to uuid" in result.stderr
    assert "`backfill:`" in result.stderr
    assert scalar(url, "SELECT to_regclass('public.login_sessions') IS NULL")  # nothing ran
    assert scalar(url, "SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attname = 'session_id'") == "bigint"


def test_a_type_change_with_a_cast_still_plans(
    make_database: Callable[[str], str], shadow: str, write_doc: Callable[..., str]
) -> None:
    url = make_database("withcast")
    engine.apply(load(write_doc(V1, "v1.yaml")), url, shadow)
    changed = V1.replace("{name: session_id, type: bigint}", "{name: session_id, type: text}")

    plan = engine.make_plan(load(write_doc(changed, "v2.yaml")), url, shadow).plan

    assert [step.kind for step in plan.steps] == ["ALTER TABLE ALTER COLUMN TYPE"]


ENUMS = """
CREATE TYPE status_v1 AS ENUM ('new', 'paid');
CREATE TYPE status_v2 AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE orders (id bigint PRIMARY KEY, status {} NOT NULL);
"""


def test_one_enum_to_another_still_plans(
    make_database: Callable[[str], str], shadow: str, write_doc: Callable[..., str]
) -> None:
    url = make_database("enums")
    engine.apply(load(write_doc(ENUMS.format("status_v1"), "v1.sql")), url, shadow)

    plan = engine.make_plan(load(write_doc(ENUMS.format("status_v2"), "v2.sql")), url, shadow).plan

    assert [step.kind for step in plan.steps] == ["ALTER TABLE ALTER COLUMN TYPE"]  # through text, as migra does
