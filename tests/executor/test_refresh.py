"""Refreshing materialized views (``spec.refresh``) against the embedded PostgreSQL with rows: new rows appear,
readers are never blocked nor see an empty view, a blocked refresh is retried and names its blocker, and the
command line's exit codes and ``status`` table."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

import schemawright
from schemawright.cli.app import main
from schemawright.connect.embedded import EmbeddedServer
from schemawright.execute.refresh import REFRESH_LOCK_CLASS
from schemawright.guard import Overrides
from schemawright.spec import DesiredSchema, from_document

SQL = """\
CREATE MATERIALIZED VIEW daily_sales AS
  SELECT day, sum(amount) AS total, count(*) AS sales FROM sales GROUP BY day;
CREATE UNIQUE INDEX daily_sales_day ON daily_sales (day);
"""
TABLE = """\
CREATE TABLE sales (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, day date NOT NULL, amount numeric NOT NULL);
"""


def document(every: str = "1m", policy: dict[str, object] | None = None) -> dict[str, Any]:
    return {
        "apiVersion": "schemawright.io/v1alpha1",
        "kind": "DatabaseSchema",
        "metadata": {"name": "caching"},
        "spec": {
            "tables": [
                {
                    "name": "sales",
                    "primaryKey": {"columns": ["id"]},
                    "columns": [
                        {"name": "id", "type": "bigint", "nullable": False, "identity": "always"},
                        {"name": "day", "type": "date", "nullable": False},
                        {"name": "amount", "type": "numeric", "nullable": False},
                    ],
                }
            ],
            "sql": SQL,
            "refresh": [{"view": "daily_sales", "every": every}],
            "policy": policy or {},
        },
    }


def desired_of(every: str = "1m", policy: dict[str, object] | None = None) -> DesiredSchema:
    return from_document(document(every, policy), "caching.yaml", overrides=Overrides(short_refresh=True))


def add_sales(url: str, days: int, per_day: int = 1) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO sales (day, amount) SELECT date '2026-01-01' + d, 10 "
            "FROM generate_series(0, %s - 1) d, generate_series(1, %s) n",
            (days, per_day),
        )


@pytest.fixture
def cached(make_database: Callable[[str], str]) -> str:
    """A database with the sales table, 3 days of sales and the materialized view over them."""
    url = make_database("cache")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(TABLE.encode())
        conn.execute("INSERT INTO sales (day, amount) SELECT date '2026-01-01' + d, 10 FROM generate_series(0, 2) d")
        conn.execute(SQL.encode())
    return url


def view_rows(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM daily_sales").fetchone()
        return int(row[0]) if row else 0


def test_new_rows_appear_after_a_refresh_and_the_refresh_is_recorded(cached: str) -> None:
    add_sales(cached, 10)
    assert view_rows(cached) == 3  # the cache is stale until refreshed
    report = schemawright.refresh(desired_of(), cached)
    [result] = report.results
    assert (result.view, result.status, result.rows, result.concurrently) == (
        "public.daily_sales",
        "refreshed",
        10,
        True,
    )
    assert view_rows(cached) == 10
    [state] = schemawright.view_states(desired_of(), cached)
    assert state.rows == 10 and state.last_error is None and state.last_refreshed is not None
    assert (state.next_at - state.last_refreshed).total_seconds() == pytest.approx(60, abs=1)


def test_if_due_refreshes_only_views_whose_interval_has_elapsed(cached: str) -> None:
    assert [r.status for r in schemawright.refresh(desired_of("1h"), cached, if_due=True).results] == ["refreshed"]
    add_sales(cached, 5)
    assert [r.status for r in schemawright.refresh(desired_of("1h"), cached, if_due=True).results] == ["not-due"]
    assert view_rows(cached) == 3
    time.sleep(1.1)
    assert [r.status for r in schemawright.refresh(desired_of("1s"), cached, if_due=True).results] == ["refreshed"]
    assert view_rows(cached) == 5


def test_a_view_created_with_no_data_is_populated_by_a_plain_first_refresh(cached: str) -> None:
    with psycopg.connect(cached, autocommit=True) as conn:
        conn.execute("DROP MATERIALIZED VIEW daily_sales")
        conn.execute(SQL.replace("GROUP BY day;", "GROUP BY day WITH NO DATA;").encode())
    [result] = schemawright.refresh(desired_of(), cached).results
    assert (result.status, result.concurrently, result.rows) == ("refreshed", False, 3)


def test_readers_are_never_blocked_and_never_see_an_empty_view(cached: str) -> None:
    """A reader selecting in a loop while CONCURRENTLY refreshes a view over 2M rows."""
    add_sales(cached, 2000, per_day=1000)  # enough that the refresh lasts well over 0.2 s on an idle machine
    schemawright.refresh(desired_of(), cached)
    add_sales(cached, 2100, per_day=1)  # something for the refresh to change
    slowest, counts, stop = [0.0], [], threading.Event()

    def reader() -> None:
        with psycopg.connect(cached, autocommit=True) as conn:
            while not stop.is_set():
                began = time.perf_counter()
                row = conn.execute("SELECT count(*) FROM daily_sales").fetchone()
                slowest[0] = max(slowest[0], time.perf_counter() - began)
                counts.append(int(row[0]) if row else 0)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        time.sleep(0.2)
        before = len(counts)
        [result] = schemawright.refresh(desired_of(), cached).results
        during = len(counts) - before
    finally:
        stop.set()
        thread.join()
    assert result.status == "refreshed" and result.duration_s > 0.2, result
    assert during > 10, "the reader kept reading during the refresh"
    assert min(counts) == 2000 and max(counts) == 2100, "never empty: the old contents, then the new"
    # A blocked read would wait for the whole refresh; an unblocked one takes a few ms (on a shared, busy machine
    # a little more).
    assert slowest[0] < min(0.1, result.duration_s / 2), (slowest[0], result.duration_s)


def test_a_blocked_refresh_is_retried_and_reported_naming_the_blocker(cached: str, tmp_path: Path) -> None:
    add_sales(cached, 7)
    policy = {"lockTimeout": "100ms", "lockRetryTimeout": "1s"}
    notices: list[str] = []
    with psycopg.connect(cached, application_name="nightly-report") as holder:
        # An index build in an open transaction holds SHARE on the view, which REFRESH ... CONCURRENTLY waits for.
        holder.execute("CREATE INDEX daily_sales_total ON daily_sales (total)")
        [result] = schemawright.refresh(desired_of(policy=policy), cached, on_notice=notices.append).results
        doc = tmp_path / "caching.yaml"
        doc.write_text(yaml.safe_dump(document("1m", policy)))
        code = main(["refresh", str(doc), "--database", cached])
    assert result.status == "failed" and result.attempts > 1
    assert "nightly-report" in result.error and "pg_terminate_backend" in result.error
    assert notices and all("nightly-report" in n for n in notices)
    assert code == 4
    [state] = schemawright.view_states(desired_of(), cached)
    assert state.last_error is not None and "nightly-report" in state.last_error
    assert view_rows(cached) == 3  # the old contents stay
    [result] = schemawright.refresh(desired_of(), cached).results  # once the lock is gone
    assert result.status == "refreshed" and view_rows(cached) == 7


def test_two_refreshers_never_refresh_one_view_at_once(cached: str) -> None:
    with psycopg.connect(cached, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s, hashtext('public.daily_sales'))", (REFRESH_LOCK_CLASS,))
        [result] = schemawright.refresh(desired_of(), cached).results
    assert result.status == "skipped" and "another refresh" in result.error


def test_cli_refresh_and_status(
    cached: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    doc = tmp_path / "caching.yaml"
    doc.write_text(yaml.safe_dump(document("5m")))
    add_sales(cached, 4)
    assert main(["refresh", str(doc), "--database", cached]) == 0
    assert "refreshed public.daily_sales: 4 row(s)" in capsys.readouterr().out
    assert main(["refresh", str(doc), "--database", cached, "--if-due"]) == 0
    assert "not-due public.daily_sales" in capsys.readouterr().out
    assert main(["refresh", str(doc), "--database", cached, "--view", "weekly"]) == 2
    assert "--view" in capsys.readouterr().err
    assert main(["status", str(doc), "--database", cached, "--shadow-url", cached]) == 0
    out = capsys.readouterr().out
    assert "materialized view refreshes" in out and "public.daily_sales" in out


def test_a_changed_definition_is_swapped_in_without_an_unpopulated_moment(
    make_database: Callable[[str], str], pg_server: EmbeddedServer
) -> None:
    """Applying a changed materialized view: a reader selecting in a loop always finds it, always populated."""
    live = make_database("swap")
    shadow = pg_server.url("postgres")
    first = desired_of()
    schemawright.apply(first, live, shadow)
    add_sales(live, 3000, per_day=50)
    schemawright.refresh(first, live)
    changed: dict[str, Any] = document()
    changed["spec"]["sql"] = SQL.replace("count(*) AS sales", "count(*) AS sales, max(amount) AS biggest")
    desired = from_document(changed, "caching.yaml", overrides=Overrides(short_refresh=True))
    counts: list[int] = []
    errors: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        with psycopg.connect(live, autocommit=True) as conn:
            while not stop.is_set():
                try:
                    row = conn.execute("SELECT count(*) FROM daily_sales").fetchone()
                    counts.append(int(row[0]) if row else 0)
                except psycopg.Error as exc:
                    errors.append(str(exc))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        time.sleep(0.1)
        outcome = schemawright.apply(desired, live, shadow)
    finally:
        stop.set()
        thread.join()
    operations = {s.operation for s in outcome.plan.steps}
    assert operations == {"replace_matview"}, outcome.plan.steps
    assert not errors, errors[:3]
    assert counts and min(counts) == 3000
    with psycopg.connect(live, autocommit=True) as conn:
        assert conn.execute("SELECT max(biggest) FROM daily_sales").fetchone() == (10,)


def test_a_refresh_longer_than_its_timeout_is_cancelled_and_the_old_contents_stay(
    make_database: Callable[[str], str],
) -> None:
    url = make_database("slow")
    slow = (
        "CREATE MATERIALIZED VIEW slow AS SELECT g, pg_sleep(0.4) IS NULL AS slept FROM generate_series(1, 3) g;\n"
        "CREATE UNIQUE INDEX slow_g ON slow (g);\n"
    )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(TABLE.encode())
        conn.execute(slow.encode())
    doc = document()
    doc["spec"]["sql"] = slow
    doc["spec"]["refresh"] = [{"view": "slow", "every": "1m", "timeout": "300ms"}]
    [result] = schemawright.refresh(from_document(doc, "slow.yaml"), url).results
    assert result.status == "failed"
    assert "longer than its timeout 300ms" in result.error and "old contents stay" in result.error
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM slow").fetchone() == (3,)
