"""Applying under live traffic: a concurrent writer never fails and never waits past lock_timeout; a
long transaction makes apply retry, then fail naming it; two appliers never run at once."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable

import psycopg
import pytest
from _support import run_cli, scalar

from schemawright import engine
from schemawright.errors import AnotherApplyRunning, DatabaseError
from schemawright.spec import load

LIVE = """
CREATE TABLE accounts (id bigint PRIMARY KEY, plan text NOT NULL);
CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id bigint NOT NULL,
                     kind varchar(20) NOT NULL, note text);
INSERT INTO accounts SELECT i, 'free' FROM generate_series(1, 50) AS i;
INSERT INTO events (account_id, kind) SELECT 1 + i % 50, 'seen' FROM generate_series(1, 60000) AS i;
ANALYZE;
"""

DESIRED = """
apiVersion: schemawright.io/v1alpha1
kind: DatabaseSchema
metadata: {name: online}
spec:
  policy: {lockTimeout: 2s, backfillBatchSize: 2000, lockRetryTimeout: 10s}
  tables:
    - name: accounts
      primaryKey: {columns: [id]}
      columns:
        - {name: id, type: bigint, nullable: false}
        - {name: plan, type: text, nullable: false}
    - name: events
      primaryKey: {columns: [id]}
      columns:
        - {name: id, type: bigint, nullable: false, identity: always}
        - {name: account_id, type: bigint, nullable: false}
        - {name: kind, type: "varchar(50)", nullable: false}
        - {name: note, type: text}
        - {name: ref, type: uuid, nullable: false, default: "uuidv7()"}
        - {name: source, type: text, nullable: false, default: "'api'"}
      foreignKeys:
        - {name: events_account_id_fkey, columns: [account_id], references: {table: accounts, columns: [id]}}
      checks:
        - {name: events_kind_not_blank, expression: "kind <> ''"}
      indexes:
        - {name: events_account_idx, columns: [{name: account_id}, {name: id}]}
        - {name: events_ref_idx, columns: [{name: ref}], unique: true}
"""


def live_database(make_database: Callable[[str], str]) -> str:
    url = make_database("online")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(LIVE.encode())
    return url


class Writer(threading.Thread):
    """Inserts and updates in a loop on its own connection, timing every statement."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.stop = threading.Event()
        self.waits: list[float] = []
        self.failures: list[str] = []

    def run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            n = 0
            while not self.stop.is_set():
                n += 1
                for query in (
                    "INSERT INTO events (account_id, kind) VALUES (%s, 'click')",
                    "UPDATE events SET note = 'touched' WHERE id = %s",
                ):
                    started = time.perf_counter()
                    try:
                        conn.execute(query, (1 + n % 50,))
                    except psycopg.Error as exc:
                        self.failures.append(f"{type(exc).__name__}: {exc}")
                    self.waits.append(time.perf_counter() - started)


def test_concurrent_writer_never_fails_and_never_waits_past_lock_timeout(
    make_database: Callable[[str], str], shadow: str, write_doc: Callable[..., str]
) -> None:
    url = live_database(make_database)
    desired = load(write_doc(DESIRED))
    writer = Writer(url)
    writer.start()
    time.sleep(0.3)
    try:
        outcome = engine.apply(desired, url, shadow)
    finally:
        writer.stop.set()
        writer.join(10)
    assert outcome.final.report.complete
    assert engine.raw_diff(desired, url, shadow) == []
    assert writer.failures == []
    longest = max(writer.waits)
    print(
        f"\nconcurrent writer: {len(writer.waits)} statements, max wait {longest * 1000:.0f} ms "
        f"(lock_timeout 2000 ms), {len(outcome.plan.steps)} steps applied"
    )
    assert longest < 2.0 + 0.5
    assert scalar(url, "SELECT count(*) FROM events WHERE ref IS NULL") == 0


def test_a_long_transaction_makes_apply_retry_then_fail_naming_it(
    make_database: Callable[[str], str], shadow: str, write_doc: Callable[..., str]
) -> None:
    url = live_database(make_database)
    quick = DESIRED.replace("lockTimeout: 2s", "lockTimeout: 200ms").replace(
        "lockRetryTimeout: 10s", "lockRetryTimeout: 2s"
    )
    desired = load(write_doc(quick))
    blocker = psycopg.connect(url, application_name="nightly-report")
    blocker.execute("SELECT count(*) FROM events")  # an open transaction holding ACCESS SHARE on events
    pid = blocker.info.backend_pid
    retries: list[int] = []
    try:
        with pytest.raises(DatabaseError) as failure:
            engine.apply(
                desired, url, shadow, on_event=lambda e: retries.append(e.attempt) if e.kind == "lock-retry" else None
            )
        message = str(failure.value)
        assert f"pid {pid}" in message and "nightly-report" in message and "idle in transaction" in message
        assert "pg_terminate_backend" in message
        assert len(retries) >= 2
        record = engine.status(url)
        assert record is not None and record.status == "failed"
        # A step either happened or did not: nothing of the blocked step is half done.
        assert scalar(
            url,
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'events' "
            "AND column_name IN ('ref', 'source')",
        ) in (0, 1, 2)
    finally:
        blocker.rollback()
        blocker.close()
    outcome = engine.apply(desired, url, shadow)
    assert outcome.final.report.complete
    assert engine.raw_diff(desired, url, shadow) == []


def test_two_appliers_at_once_exactly_one_applies(
    make_database: Callable[[str], str], shadow: str, write_doc: Callable[..., str]
) -> None:
    url = live_database(make_database)
    slow = DESIRED.replace("backfillBatchSize: 2000", "backfillBatchSize: 500, backfillPause: 50ms")
    doc = write_doc(slow)
    first = subprocess.Popen(
        [sys.executable, "-m", "schemawright", "apply", doc, "--database", url, "--shadow-url", shadow],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if scalar(url, "SELECT to_regclass('schemawright.plans') IS NOT NULL") and scalar(
            url, "SELECT count(*) FROM schemawright.steps WHERE status = 'done'"
        ):
            break
        time.sleep(0.1)
    started = time.monotonic()
    second = run_cli("apply", doc, "--database", url, "--shadow-url", shadow)
    fail_fast = time.monotonic() - started
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, out[-2000:] + err[-2000:]
    assert second.returncode == 4
    assert "another apply is in progress (pid" in second.stderr
    assert fail_fast < 10
    assert scalar(url, "SELECT count(*) FROM schemawright.plans") == 1
    assert engine.raw_diff(load(doc), url, shadow) == []


def test_second_applier_in_process_fails_fast(
    make_database: Callable[[str], str], shadow: str, write_doc: Callable[..., str]
) -> None:
    url = live_database(make_database)
    holder = psycopg.connect(url, autocommit=True, application_name="other-applier")
    holder.execute("SELECT pg_advisory_lock(21335, hashtext(current_database()))")
    try:
        with pytest.raises(AnotherApplyRunning, match=rf"pid {holder.info.backend_pid}, other-applier"):
            engine.apply(load(write_doc(DESIRED)), url, shadow)
    finally:
        holder.close()
