"""Plan and apply one document to several real databases: groups by plan hash, canary, failure, approval."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from _fleetdocs import LIFT, REFUSE_NEW_TABLES, desired

from schemawright.connect.embedded import EmbeddedServer
from schemawright.fleet import FleetTarget, RolloutPolicy, apply_fleet, plan_fleet


def make_fleet(make_database: Callable[[str], str], count: int) -> list[FleetTarget]:
    return [FleetTarget(f"tenant{n}", make_database(f"fl{n}")) for n in range(count)]


def columns(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = "
                "'accounts' ORDER BY ordinal_position"
            )
        ]


def test_apply_then_change_then_approve_by_hash(make_database: Callable[[str], str], pg_server: EmbeddedServer) -> None:
    targets = make_fleet(make_database, 4)
    shadow = pg_server.url("postgres")
    first = apply_fleet(desired("name"), targets, shadow, RolloutPolicy(max_parallel=2))
    assert first.all_ready, first.results
    assert len({r.plan_hash for r in first.results}) == 1

    # One target drifted by hand: it gets a plan of its own; the others share one.
    with psycopg.connect(targets[2].url, autocommit=True) as conn:
        conn.execute("ALTER TABLE accounts ADD COLUMN note text")
    planned = plan_fleet(desired("name", "city"), targets, shadow)
    assert sorted(len(g.targets) for g in planned.groups) == [1, 3]
    drifted = planned.group_of("tenant2")
    assert drifted is not None and drifted.targets == ["tenant2"]
    assert any("note" in s.sql for s in drifted.plan.steps)

    applied = apply_fleet(desired("name", "city"), targets, shadow)
    assert [r.phase for r in applied.results] == ["ready", "ready", "waitingForApproval", "ready"]
    assert all("city" in columns(t.url) for t in targets)
    waiting = applied.results[2]
    assert waiting.plan_hash == drifted.plan.hash  # its own plan (it drops the hand-made column), named by hash

    # Approving that hash approves it wherever the plan has that hash (here: the drifted target only).
    again = apply_fleet(desired("name", "city"), targets, shadow, approve=waiting.plan_hash)
    assert again.all_ready
    assert "note" not in columns(targets[2].url)


def test_a_failing_target_stops_the_rollout_and_names_it(
    make_database: Callable[[str], str], pg_server: EmbeddedServer
) -> None:
    targets = make_fleet(make_database, 5)
    shadow = pg_server.url("postgres")
    assert apply_fleet(desired(), targets, shadow).all_ready
    with psycopg.connect(targets[2].url, autocommit=True) as conn:  # a rule made by hand refuses the new table
        conn.execute(REFUSE_NEW_TABLES)
    rollout = apply_fleet(desired(audit=True), targets, shadow, RolloutPolicy(max_parallel=1))
    phases = [r.phase for r in rollout.results]
    assert phases == ["ready", "ready", "failed", "pending", "pending"]
    assert rollout.stopped is not None and "tenant2" in rollout.stopped
    assert '"audit"' in (rollout.results[2].error or "")  # the failed step, named
    assert not tables(targets[2].url) & {"audit"} and not tables(targets[3].url) & {"audit"}
    assert "postgresql://" not in str(rollout)

    with psycopg.connect(targets[2].url, autocommit=True) as conn:  # fixed: the rollout resumes
        conn.execute(LIFT)
    resumed = apply_fleet(desired(audit=True), targets, shadow, RolloutPolicy(max_parallel=1))
    assert resumed.all_ready
    assert all("audit" in tables(t.url) for t in targets)


def tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
