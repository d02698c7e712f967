"""What a drift tick costs on an unchanged database: one fingerprint query, nothing else (no inspection, no
shadow, no journal read), as the statement log of every connection the operator opens shows; on an unchanged
fleet, one per target."""

from __future__ import annotations

import itertools
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from _cluster import Kubectl, wait_for
from _docs import LABEL, shop, tenants
from _target import Target

from schemawright.connect.db import SESSION_SETUP
from schemawright.connect.urls import database_name
from schemawright.operator import metrics
from schemawright.operator.annotations import RECONCILE

pytestmark = pytest.mark.asyncio


class StatementLog:
    """Every statement sent through psycopg in this process (the operator runs in a thread of it), by database."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []
        self.by_connection: dict[int, list[str]] = {}
        self.recording = False
        self._lock = threading.Lock()
        self._serials: weakref.WeakKeyDictionary[object, int] = weakref.WeakKeyDictionary()
        self._next = itertools.count()

    def add(self, connection: object, database: str, query: object) -> None:
        if self.recording:
            text = query.decode() if isinstance(query, bytes) else str(query)
            with self._lock:
                serial = self._serials.setdefault(connection, next(self._next))
                self.lines.append((database, text))
                self.by_connection.setdefault(serial, []).append(text)


@pytest.fixture
def statement_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[StatementLog]:
    log = StatementLog()
    original = psycopg.Cursor.execute

    def execute(self: psycopg.Cursor[Any], query: Any, *args: Any, **kwargs: Any) -> Any:
        log.add(self.connection, self.connection.info.dbname, query)
        return original(self, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", execute)
    yield log


def _others(log: StatementLog) -> list[str]:
    """What was sent besides fingerprints, their search_path and the setup a connection starts with."""
    besides = {"SET LOCAL search_path = pg_catalog", SESSION_SETUP}
    return [text for _, text in log.lines if "encode(sha256(" not in text and text not in besides]


def _set_up_once(log: StatementLog, in_flight: int) -> None:
    """Each connection sends the session setup (connect/db.py: one SET, no query) at most once, and only to send
    a fingerprint next: a connection whose fingerprint had not gone out yet when the recording stopped is one of
    the checks still `in_flight` then."""
    setups = {serial: Counter(texts)[SESSION_SETUP] for serial, texts in log.by_connection.items()}
    assert max(setups.values(), default=0) <= 1, setups
    unused = [
        serial
        for serial, texts in log.by_connection.items()
        if setups[serial] and not any("encode(sha256(" in text for text in texts)
    ]
    assert len(unused) <= in_flight, [log.by_connection[serial] for serial in unused]


def _checks() -> float:
    return metrics.DRIFT_CHECKS.labels("shop", "shop")._value.get()


async def test_a_drift_tick_on_an_unchanged_database_is_one_fingerprint_query(
    operator: Kubectl, target: Target, statement_log: StatementLog
) -> None:
    kubectl = operator
    await kubectl.create_secret("shop-db", {"url": target.url})
    await kubectl.apply(shop(driftCheckInterval="1s"))
    await wait_for("Ready=True", lambda: kubectl.status_of("shop", "Ready") == "True")
    before = _checks()
    statement_log.recording = True
    await wait_for("three drift checks", lambda: _checks() >= before + 3, timeout=20)
    statement_log.recording = False
    checks = _checks() - before

    assert {database for database, _ in statement_log.lines} == {database_name(target.url)}
    fingerprints = [text for _, text in statement_log.lines if "encode(sha256(" in text]
    assert _others(statement_log) == []  # no inspection, no journal, no shadow: only the fingerprint
    _set_up_once(statement_log, in_flight=1)
    assert checks - 1 <= len(fingerprints) <= checks  # one per check (the last may still be running)
    assert kubectl.status_of("shop", "Drifted") != "True"


def _reconciles() -> float:
    return sum(
        s.value
        for family in metrics.RECONCILES.collect()
        for s in family.samples
        if s.name.endswith("_total") and s.labels["name"] == "shop"
    )


async def test_a_reconcile_of_an_unchanged_database_reads_its_live_schema_once(
    operator: Kubectl, target: Target, statement_log: StatementLog
) -> None:
    kubectl = operator
    await kubectl.create_secret("shop-db", {"url": target.url})
    await kubectl.apply(shop())
    await wait_for("Ready=True", lambda: kubectl.status_of("shop", "Ready") == "True")
    before = _reconciles()
    statement_log.recording = True
    await kubectl.annotate("shop", RECONCILE, "1")  # asks for a reconcile: it finds nothing to do
    await wait_for(
        "the reconcile's status",
        lambda: _reconciles() > before and kubectl.condition("shop", "Ready").get("reason") == "UpToDate",
        timeout=20,
    )
    statement_log.recording = False

    fingerprints = [text for _, text in statement_log.lines if "encode(sha256(" in text]
    assert len(fingerprints) == 1  # the drift notice reuses what the up-to-date check read
    assert not any("CREATE DATABASE" in text.upper() for _, text in statement_log.lines)  # no shadow
    assert kubectl.status_of("shop", "Drifted") != "True"


def _fleet_checks() -> float:
    return metrics.DRIFT_CHECKS.labels("shop", "tenants")._value.get()


async def test_a_drift_tick_of_an_unchanged_fleet_is_one_fingerprint_query_per_target(
    operator: Kubectl, make_targets: Callable[[int], list[Target]], statement_log: StatementLog
) -> None:
    kubectl = operator
    dbs = make_targets(3)
    for n, db in enumerate(dbs):
        await kubectl.create_secret(f"tenant-{n:02d}", {"url": db.url}, labels=LABEL)
    await kubectl.apply(tenants(["name"], drift="1s"))
    await wait_for("Ready=True", lambda: kubectl.status_of("tenants", "Ready") == "True", timeout=120)
    before = _fleet_checks()
    statement_log.recording = True
    await wait_for("three checks of each target", lambda: _fleet_checks() >= before + 3 * len(dbs), timeout=30)
    statement_log.recording = False
    checks = _fleet_checks() - before  # one per target checked

    names = [database_name(db.url) for db in dbs]
    assert {database for database, _ in statement_log.lines} <= set(names)
    assert _others(statement_log) == []  # no inspection, no journal, no shadow: only the fingerprints
    _set_up_once(statement_log, in_flight=len(dbs))
    per_target = [sum(1 for d, t in statement_log.lines if d == name and "encode(sha256(" in t) for name in names]
    assert checks - len(dbs) <= sum(per_target) <= checks  # one per target per tick (the last may still run)
    assert max(per_target) - min(per_target) <= 1, per_target  # every target on every tick
    assert kubectl.status_of("tenants", "Drifted") == "False"
