"""kill -9 the applier at every step boundary and in the middle of a backfill; the next apply resumes
from the first unfinished step and ends at exactly the desired schema with every row intact."""

from __future__ import annotations

import json
from collections.abc import Callable

import psycopg
import pytest
from _support import run_cli, scalar

from schemawright import engine
from schemawright.connect.embedded import EmbeddedServer
from schemawright.spec import load

ROWS = 100_000

LIVE = f"""
CREATE TABLE teams (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE members (id bigint PRIMARY KEY, team_id bigint NOT NULL, email varchar(100) NOT NULL, nickname text);
INSERT INTO teams SELECT i, 'team ' || i FROM generate_series(1, 100) AS i;
INSERT INTO members SELECT i, 1 + i % 100, 'm' || i || '@example.com', CASE WHEN i % 3 = 0 THEN 'n' || i END
FROM generate_series(1, {ROWS}) AS i;
ANALYZE;
"""

DESIRED = """
apiVersion: schemawright.io/v1alpha1
kind: DatabaseSchema
metadata: {name: crash}
spec:
  policy: {backfillBatchSize: 10000}
  tables:
    - name: teams
      primaryKey: {columns: [id]}
      columns:
        - {name: id, type: bigint, nullable: false}
        - {name: name, type: text, nullable: false}
        - {name: region, type: text, nullable: false, default: "'eu'"}
      uniques: [{name: teams_name_key, columns: [name]}]
    - name: members
      primaryKey: {columns: [id]}
      columns:
        - {name: id, type: bigint, nullable: false}
        - {name: team_id, type: bigint, nullable: false}
        - {name: email, type: "varchar(200)", nullable: false}
        - {name: nickname, type: text, nullable: false, backfill: "'member ' || id"}
        - {name: joined_at, type: timestamptz, nullable: false, backfill: "timestamptz '2020-01-01'"}
      foreignKeys:
        - {name: members_team_id_fkey, columns: [team_id], references: {table: teams, columns: [id]}}
      checks:
        - {name: members_email_at, expression: "email LIKE '%@%'"}
      indexes:
        - {name: members_team_idx, columns: [{name: team_id}]}
        - {name: members_email_idx, columns: [{name: email}], unique: true}
"""


@pytest.fixture(scope="module")
def template(pg_server: EmbeddedServer) -> str:
    """A database at the live state (100k rows), copied for each case with CREATE DATABASE … TEMPLATE."""
    name = "crash_template"
    pg_server.drop_database(name)
    url = pg_server.ensure_database(name)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(LIVE.encode())
    return name


def fresh(pg_server: EmbeddedServer, template: str, name: str) -> str:
    pg_server.drop_database(name)
    with psycopg.connect(pg_server.url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'.encode())
    return pg_server.url(name)


def counts(url: str) -> tuple[object, object, object]:
    return (
        scalar(url, "SELECT count(*) FROM teams"),
        scalar(url, "SELECT count(*) FROM members"),
        scalar(url, "SELECT sum(hashtext(id::text || email)) FROM members"),
    )


def step_count(pg_server: EmbeddedServer, template: str, doc: str) -> int:
    url = fresh(pg_server, template, "crash_count")
    plan = engine.make_plan(load(doc), url, pg_server.url("postgres")).plan
    assert not plan.approval_steps
    return len(plan.steps)


def test_plan_is_big_enough(pg_server: EmbeddedServer, template: str, write_doc: Callable[[str], str]) -> None:
    assert step_count(pg_server, template, write_doc(DESIRED)) >= 10


def crash_points(pg_server: EmbeddedServer, template: str, doc: str) -> list[str]:
    return [f"after-step:{n}" for n in range(1, step_count(pg_server, template, doc) + 1)] + ["after-batch:3"]


@pytest.mark.slow
def test_kill_9_anywhere_then_apply_again_reaches_the_desired_schema(
    pg_server: EmbeddedServer, template: str, write_doc: Callable[[str], str], shadow: str
) -> None:
    doc = write_doc(DESIRED)
    before = counts(pg_server.url(template))
    report = []
    for point in crash_points(pg_server, template, doc):
        url = fresh(pg_server, template, "crash_case")
        crashed = run_cli(
            "apply", doc, "--database", url, "--shadow-url", shadow, env={"SCHEMAWRIGHT_FAILPOINT": point}
        )
        assert crashed.returncode == -9, f"{point}: {crashed.returncode}\n{crashed.stdout[-2000:]}{crashed.stderr}"
        assert scalar(url, "SELECT status FROM schemawright.plans ORDER BY id DESC LIMIT 1") == "running"
        done_before = scalar(url, "SELECT count(*) FROM schemawright.steps WHERE status = 'done'")

        total = scalar(url, "SELECT count(*) FROM schemawright.steps")
        resumed = run_cli("apply", doc, "--database", url, "--shadow-url", shadow)
        assert resumed.returncode == 0, f"{point}:\n{resumed.stdout[-3000:]}\n{resumed.stderr[-3000:]}"
        if done_before < total:
            assert "resuming plan" in resumed.stdout and f"at step {done_before + 1} of" in resumed.stdout
        # The journal shows one plan, resumed: the steps done before the crash ran exactly once.
        assert scalar(url, "SELECT count(*) FROM schemawright.plans WHERE status <> 'superseded'") == 1
        assert scalar(url, "SELECT status FROM schemawright.plans ORDER BY id LIMIT 1") == "done"
        rerun = scalar(url, f"SELECT count(*) FROM schemawright.steps WHERE index <= {done_before} AND attempts > 1")
        assert rerun == 0, f"{point}: steps done before the crash ran again"
        status = run_cli("status", "--database", url, "--shadow-url", shadow)
        assert "done" in status.stdout

        assert engine.raw_diff(load(doc), url, shadow) == [], f"{point}: the schema differs from the desired one"
        assert counts(url) == before, f"{point}: rows changed"
        assert scalar(url, "SELECT count(*) FROM members WHERE nickname IS NULL OR joined_at IS NULL") == 0
        progress = scalar(
            url, "SELECT progress FROM schemawright.steps WHERE progress IS NOT NULL ORDER BY index LIMIT 1"
        )
        report.append(f"{point}: resumed at step {done_before + 1}, progress {json.dumps(progress)}")
    print("\n".join(report))
