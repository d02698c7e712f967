"""The applier's connection terminated (``pg_terminate_backend`` from another session) in the middle of a
transactional step, of ``CREATE INDEX CONCURRENTLY`` and of a backfill batch: nothing is half-applied, and the
next apply resumes from the journal and ends at exactly the desired schema, every row kept, no INVALID index.

Each case pauses the applier at a known point with a session of our own (a lock it must wait for, or an old
snapshot that ``CREATE INDEX CONCURRENTLY`` waits out), so the termination lands mid-step every time."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from _faults import DESIRED, LIVE, ROWS, rows_fingerprint, run_cli, scalar, start_cli, wait_until
from _reliability import size

from schemawright import engine
from schemawright.connect.embedded import EmbeddedServer
from schemawright.spec import load


def applier_waiting(url: str, pattern: str) -> int | None:
    """The pid of schemawright's session on ``url`` waiting for a lock in a statement matching ``pattern``."""
    pid = scalar(
        url,
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND application_name = 'schemawright' AND wait_event_type = 'Lock' AND query ILIKE %s",
        (pattern,),
    )
    return int(str(pid)) if pid is not None else None


@contextmanager
def holding(url: str, *statements: str) -> Iterator[None]:
    """A session that runs ``statements`` in one open transaction until the block ends."""
    with psycopg.connect(url) as conn:
        for statement in statements:
            conn.execute(statement.encode())
        yield
        conn.rollback()


@dataclass(frozen=True)
class Case:
    """Where the termination lands."""

    check: str
    title: str
    pattern: str  # the statement the applier is in when terminated
    blocker: tuple[str, ...]  # what our session holds to keep it there
    wait_for: str  # a query that is true once the blocker can be taken without pausing an earlier step


CASES = {
    "transactional": Case(
        "faults.terminate-transactional-step",
        "Connection terminated during a transactional step (ALTER TABLE)",
        "ALTER TABLE%ADD COLUMN%",
        ("LOCK TABLE items IN ACCESS SHARE MODE",),
        "SELECT true",
    ),
    "create-index-concurrently": Case(
        "faults.terminate-create-index-concurrently",
        "Connection terminated during CREATE INDEX CONCURRENTLY",
        "CREATE INDEX CONCURRENTLY%",
        # An old snapshot: the build's last phase waits it out, with the new index already there but INVALID.
        ("BEGIN ISOLATION LEVEL REPEATABLE READ", "SELECT count(*) FROM pg_class"),
        "SELECT true",
    ),
    "backfill-batch": Case(
        "faults.terminate-backfill-batch",
        "Connection terminated during a backfill batch",
        "%UPDATE%items%",
        ("LOCK TABLE items IN SHARE MODE",),  # conflicts with the batch's UPDATE, not with reads
        "SELECT true FROM schemawright.steps WHERE (progress ->> 'done')::int >= 4000",
    ),
}


@pytest.fixture(scope="module")
def template(pg_server: EmbeddedServer) -> str:
    name = "faults_terminate_template"
    pg_server.drop_database(name)
    with psycopg.connect(pg_server.ensure_database(name), autocommit=True) as conn:
        conn.execute(LIVE.encode())
    return name


def journal_ready(url: str, query: str) -> bool:
    try:
        return bool(scalar(url, query))
    except psycopg.errors.UndefinedTable:  # the journal is not there yet
        return False


def terminate_once(pg_server: EmbeddedServer, template: str, doc: str, case: Case) -> None:
    """One fault and its recovery; raises AssertionError naming what went wrong."""
    url, shadow = pg_server.copy_database(template, "faults_terminate"), pg_server.url("postgres")
    before = rows_fingerprint(url)
    applier = start_cli("apply", doc, "--database", url, "--shadow-url", shadow)
    try:
        wait_until("the step before the fault", lambda: journal_ready(url, case.wait_for))
        with holding(url, *case.blocker):
            pid = wait_until(f"the applier waiting in {case.pattern}", lambda: applier_waiting(url, case.pattern))
            assert scalar(url, "SELECT pg_terminate_backend(%s)", (pid,)) is True
            output, _ = applier.communicate(timeout=120)
    finally:
        if applier.poll() is None:
            applier.send_signal(signal.SIGKILL)
            applier.wait()
    assert applier.returncode == 4, f"exit {applier.returncode}:\n{output[-3000:]}"
    assert "terminat" in output.lower(), output[-3000:]

    # Nothing half-applied: what the journal says is done is exactly what the database holds.
    done = {
        int(str(i))
        for i in (scalar(url, "SELECT array_agg(index) FROM schemawright.steps WHERE status = 'done'") or [])
    }
    labelled = int(str(scalar(url, "SELECT count(label) FROM items") or 0)) if 1 in done else 0
    if case.check.endswith("transactional-step"):
        assert (
            not done
            and scalar(
                url,
                "SELECT count(*) FROM information_schema.columns WHERE table_name = "
                "'items' AND column_name IN ('label', 'region')",
            )
            == 0
        )
    if case.check.endswith("index-concurrently"):
        assert scalar(url, "SELECT NOT indisvalid FROM pg_index WHERE indexrelid = 'items_name_idx'::regclass")
    if case.check.endswith("backfill-batch"):
        progress = scalar(url, "SELECT progress FROM schemawright.steps WHERE progress IS NOT NULL")
        assert isinstance(progress, dict) and labelled == progress["done"] and 0 < labelled < ROWS, progress

    resumed = run_cli("apply", doc, "--database", url, "--shadow-url", shadow)
    assert resumed.returncode == 0, resumed.stdout[-3000:] + resumed.stderr[-3000:]
    if done:
        assert f"at step {max(done) + 1} of" in resumed.stdout, resumed.stdout[-3000:]
    # One plan, resumed rather than replaced; the steps done before the fault ran exactly once.
    assert scalar(url, "SELECT count(*) FROM schemawright.plans WHERE status <> 'superseded'") == 1
    assert scalar(url, "SELECT count(*) FROM schemawright.steps WHERE status <> 'done'") == 0
    assert (
        scalar(url, "SELECT count(*) FROM schemawright.steps WHERE index = ANY(%s) AND attempts > 1", (sorted(done),))
        == 0
    )
    assert engine.raw_diff(load(doc), url, shadow) == [], "the schema differs from the desired one"
    assert rows_fingerprint(url) == before, "rows changed"
    assert scalar(url, "SELECT count(*) FROM items WHERE label = 'item ' || id AND region = 'eu'") == ROWS
    assert scalar(url, "SELECT count(*) FROM pg_index WHERE NOT indisvalid") == 0, "an INVALID index is left"
    if case.check.endswith("backfill-batch"):
        # Continued from the committed key: the resumed run counted on from there, not from zero.
        assert (
            scalar(url, "SELECT (progress ->> 'done')::int FROM schemawright.steps WHERE progress IS NOT NULL") == ROWS
        )


@pytest.mark.parametrize("kind", list(CASES))
def test_connection_terminated_mid_step_then_apply_again(
    kind: str, pg_server: EmbeddedServer, template: str, tmp_path: Path, reliability: Callable[..., None]
) -> None:
    case, rounds = CASES[kind], size(1, 5)
    doc = tmp_path / "schema.yaml"
    doc.write_text(DESIRED)
    failures: list[str] = []
    for n in range(rounds):
        try:
            terminate_once(pg_server, template, str(doc), case)
        except AssertionError as exc:
            failures.append(f"round {n + 1}: {exc}")
    reliability(
        case.check, section="faults", title=case.title, unit="faults", tried=rounds, passed=rounds - len(failures)
    )
    assert not failures, "\n".join(failures)
