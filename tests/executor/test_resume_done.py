"""A step outside a transaction (an enum value, an index built concurrently) can finish on the database while
the applier dies before the journal records it. The next apply resumes at that step, sees from the live
catalog that its effect is already there, and reports it as already done instead of running it again."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from _support import run_cli, scalar

from schemawright import engine
from schemawright.connect.embedded import EmbeddedServer
from schemawright.spec import load

LIVE = """
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE people (id bigint PRIMARY KEY, feeling mood NOT NULL);
INSERT INTO people SELECT i, 'ok' FROM generate_series(1, 1000) AS i;
ANALYZE;
"""

DESIRED = """
apiVersion: schemawright.io/v1alpha1
kind: DatabaseSchema
metadata: {name: resume-done}
spec:
  enums:
    - {name: mood, values: [sad, ok, happy]}
  tables:
    - name: people
      primaryKey: {columns: [id]}
      columns:
        - {name: id, type: bigint, nullable: false}
        - {name: feeling, type: mood, nullable: false}
      indexes:
        - {name: people_feeling_idx, columns: [{name: feeling}]}
"""


def test_a_step_done_before_the_crash_is_recognised_not_run_again(
    pg_server: EmbeddedServer, make_database: Callable[[str], str], write_doc: Callable[[str], str], shadow: str
) -> None:
    url = make_database("resume_done")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(LIVE.encode())
    doc = write_doc(DESIRED)
    plan = engine.make_plan(load(doc), url, shadow).plan
    kinds = [s.kind for s in plan.steps]
    assert "ALTER TYPE ADD VALUE" in kinds and "CREATE INDEX CONCURRENTLY" in kinds, kinds
    outputs = []
    for index, step in enumerate(plan.steps, start=1):
        assert not step.transactional
        crashed = run_cli(
            "apply",
            doc,
            "--database",
            url,
            "--shadow-url",
            shadow,
            env={"SCHEMAWRIGHT_FAILPOINT": f"before-done:{index}"},
        )
        assert crashed.returncode == -9, crashed.stderr
        outputs.append(crashed.stdout)
        assert (
            scalar(url, f"SELECT status FROM schemawright.steps WHERE index = {index} ORDER BY plan_id DESC LIMIT 1")
            == "running"
        )
    resumed = run_cli("apply", doc, "--database", url, "--shadow-url", shadow)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    shown = "\n".join([*outputs, resumed.stdout])
    for kind in kinds:
        assert f"{kind} (already done)" in shown, shown
    # Each step ran once on the database: its second attempt found the effect and did nothing.
    assert scalar(url, "SELECT count(*) FROM schemawright.steps WHERE attempts > 2") == 0
    assert engine.raw_diff(load(doc), url, shadow) == []
    assert scalar(url, "SELECT count(*) FROM people") == 1000
