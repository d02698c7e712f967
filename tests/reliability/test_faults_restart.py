"""The database server restarted (fast shutdown, then start) in the middle of a plan: the apply that was
running stops with exit 4, the next apply resumes from the journal and ends exactly where an uninterrupted
apply ends: migra sees no difference from the desired schema, every row is kept, the backfill continued from
its committed key. A dedicated server, since the restart cuts every session on it."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from _faults import DESIRED, LIVE, ROWS, rows_fingerprint, run_cli, scalar, start_cli, wait_until
from _reliability import size

from schemawright import engine
from schemawright.connect.embedded import EmbeddedServer, temporary_server
from schemawright.spec import load

# Where the restart lands, as a condition on the journal: the first is the sample CI runs.
POINTS = {
    "mid-backfill": "SELECT true FROM schemawright.steps WHERE (progress ->> 'done')::int >= 4000",
    "after-expand": "SELECT true FROM schemawright.steps WHERE index = 3 AND status = 'done'",
    "after-backfill": "SELECT true FROM schemawright.steps WHERE index = 4 AND status = 'done'",
    "late-backfill": "SELECT true FROM schemawright.steps WHERE (progress ->> 'done')::int >= 14000",
    "after-validate": "SELECT true FROM schemawright.steps WHERE index = 6 AND status = 'done'",
}


@pytest.fixture(scope="module")
def server() -> Iterator[EmbeddedServer]:
    with temporary_server() as dedicated:
        with psycopg.connect(dedicated.ensure_database("restart_template"), autocommit=True) as conn:
            conn.execute(LIVE.encode())
        yield dedicated


def journal_says(url: str, query: str) -> bool:
    try:
        return bool(scalar(url, query))
    except psycopg.Error:  # the journal is not there yet
        return False


def restart_once(server: EmbeddedServer, doc: str, point: str) -> None:
    url, shadow = server.copy_database("restart_template", "restart_case"), server.url("postgres")
    before = rows_fingerprint(url)
    applier = start_cli("apply", doc, "--database", url, "--shadow-url", shadow)
    try:
        wait_until(f"the plan to reach {point}", lambda: journal_says(url, POINTS[point]))
        server.restart()
        output, _ = applier.communicate(timeout=120)
    finally:
        if applier.poll() is None:
            applier.send_signal(signal.SIGKILL)
            applier.wait()
    if applier.returncode == 0:  # the restart landed after the last step: nothing to resume, still checked below
        assert "applied" in output
    else:
        assert applier.returncode == 4, f"{point}: exit {applier.returncode}\n{output[-3000:]}"
    done = scalar(url, "SELECT count(*) FROM schemawright.steps WHERE status = 'done'")
    resumed = run_cli("apply", doc, "--database", url, "--shadow-url", shadow)
    assert resumed.returncode == 0, f"{point}:\n{resumed.stdout[-3000:]}{resumed.stderr[-3000:]}"
    total = scalar(url, "SELECT count(*) FROM schemawright.steps")
    if done != total:
        assert f"at step {int(str(done)) + 1} of" in resumed.stdout, resumed.stdout[-3000:]
    assert scalar(url, "SELECT count(*) FROM schemawright.plans WHERE status <> 'superseded'") == 1
    assert engine.raw_diff(load(doc), url, shadow) == [], f"{point}: the schema differs from the desired one"
    assert rows_fingerprint(url) == before, f"{point}: rows changed"
    assert scalar(url, "SELECT count(*) FROM items WHERE label = 'item ' || id AND region = 'eu'") == ROWS
    assert scalar(url, "SELECT count(*) FROM pg_index WHERE NOT indisvalid") == 0
    assert (
        scalar(url, "SELECT (progress ->> 'done')::int FROM schemawright.steps WHERE progress IS NOT NULL") == ROWS
    ), f"{point}: the backfill did not continue from its committed key"


def test_server_restarted_mid_plan_then_apply_again(
    server: EmbeddedServer, tmp_path: Path, reliability: Callable[..., None]
) -> None:
    doc = tmp_path / "schema.yaml"
    doc.write_text(DESIRED)
    points = list(POINTS)[: size(1, len(POINTS))]
    failures: list[str] = []
    for point in points:
        try:
            restart_once(server, str(doc), point)
        except AssertionError as exc:
            failures.append(f"{point}: {exc}")
    reliability(
        "faults.server-restart-mid-plan",
        section="faults",
        title="Server restarted (fast shutdown) mid-plan, then apply again",
        unit="restarts",
        tried=len(points),
        passed=len(points) - len(failures),
    )
    assert not failures, "\n".join(failures)
