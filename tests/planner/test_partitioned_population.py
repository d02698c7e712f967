"""A partitioned table's rows live in its partitions: the planner must see it as populated.

Not a fixture case, because the fixture harness runs ANALYZE, which hides the problem: autovacuum never
analyzes a partitioned table, so in production its own statistics say "never analyzed, no pages".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import psycopg

from schemawright import engine
from schemawright.classify.hazards import Hazard
from schemawright.plan import PhaseName
from schemawright.spec import load

LIVE = b"""
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, counter integer NOT NULL, PRIMARY KEY (id, at))
  PARTITION BY RANGE (at);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO events SELECT i, date '2025-01-01' + i % 300, i FROM generate_series(1, 3000) AS i;
"""

DESIRED = """
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, counter bigint NOT NULL, PRIMARY KEY (id, at))
  PARTITION BY RANGE (at);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
"""


def test_type_change_on_a_partitioned_table_with_rows_waits_for_approval(
    make_database: Callable[[str], str], pg_server: object, tmp_path: Path
) -> None:
    live_url = make_database("live")
    with psycopg.connect(live_url, autocommit=True) as conn:
        conn.execute(LIVE)  # no ANALYZE: the partitioned table's own reltuples stays -1
    desired_file = tmp_path / "desired.sql"
    desired_file.write_text(DESIRED)
    result = engine.make_plan(load(desired_file), live_url, pg_server.url("postgres"))  # type: ignore[attr-defined]

    assert result.live.tables[("public", "events")].populated
    step = next(s for s in result.plan.steps if "set data type bigint" in s.sql.lower())
    assert step.phase is PhaseName.CONTRACT, "rewriting every partition is held for approval"
    assert Hazard.TABLE_REWRITE in step.hazards
