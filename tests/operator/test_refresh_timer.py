"""spec.refresh in a cluster: the operator's timer refreshes materialized views (new rows appear), reports
status.refresh[] and CacheFresh, and a refresh blocked by a long lock is retried, reported naming the blocker,
and recovers."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from _cluster import Kubectl, wait_for
from _target import Target

pytestmark = pytest.mark.asyncio

SQL = """\
CREATE MATERIALIZED VIEW daily_sales AS SELECT day, sum(amount) AS total FROM sales GROUP BY day;
CREATE UNIQUE INDEX daily_sales_day ON daily_sales (day);
"""


def caching(every: str = "2s", **policy: Any) -> dict[str, Any]:
    return {
        "apiVersion": "schemawright.io/v1alpha1",
        "kind": "DatabaseSchema",
        "metadata": {"name": "caching", "namespace": "shop"},
        "spec": {
            "database": {"connectionSecretRef": {"name": "caching-db", "key": "url"}},
            "tables": [
                {
                    "name": "sales",
                    "primaryKey": {"columns": ["id"]},
                    "columns": [
                        {"name": "id", "type": "bigint", "identity": "always", "nullable": False},
                        {"name": "day", "type": "date", "nullable": False},
                        {"name": "amount", "type": "integer", "nullable": False},
                    ],
                }
            ],
            "sql": SQL,
            "refresh": [{"view": "daily_sales", "every": every}],
            "policy": {"driftCheckInterval": "0s", **policy},
        },
    }


def refresh_status(kubectl: Kubectl) -> dict[str, Any]:
    entries = ((kubectl.get("caching") or {}).get("status") or {}).get("refresh") or [{}]
    return dict(entries[0])


async def test_the_operator_refreshes_on_schedule_and_reports_a_blocked_refresh(
    operator: Kubectl, target: Target
) -> None:
    kubectl = operator
    await kubectl.create_secret("caching-db", {"url": target.url})
    await kubectl.apply(caching(lockTimeout="100ms", lockRetryTimeout="500ms"))
    await wait_for("Ready=True", lambda: kubectl.status_of("caching", "Ready") == "True")

    # rows inserted in the base table appear in the view after the next refresh
    target.query("INSERT INTO sales (day, amount) SELECT date '2026-01-01' + g, 10 FROM generate_series(1, 40) g")
    await wait_for(
        "40 rows in the view", lambda: target.query("SELECT count(*) FROM daily_sales") == [(40,)], timeout=20
    )
    await wait_for("status.refresh[] with 40 rows", lambda: refresh_status(kubectl).get("rows") == 40, timeout=10)
    entry = refresh_status(kubectl)
    assert entry["view"] == "public.daily_sales" and entry["lastError"] is None
    assert entry["lastRefreshed"] and entry["nextAt"] and entry["durationSeconds"] is not None
    assert kubectl.status_of("caching", "CacheFresh") == "True"
    assert kubectl.status_of("caching", "Ready") == "True"

    # a long-held lock: retried, reported naming the blocker, CacheFresh=False; the old contents stay
    holder = psycopg.connect(target.admin_url, application_name="nightly-report")
    try:
        holder.execute("CREATE INDEX daily_sales_total ON daily_sales (total)")  # SHARE, held until rollback
        target.query("INSERT INTO sales (day, amount) SELECT date '2027-01-01' + g, 10 FROM generate_series(1, 5) g")
        await wait_for("CacheFresh=False", lambda: kubectl.status_of("caching", "CacheFresh") == "False", timeout=20)
        found = kubectl.condition("caching", "CacheFresh")
        assert found["reason"] == "RefreshFailed" and "public.daily_sales" in found["message"]

        def failures() -> list[dict[str, str]]:
            return [e for e in kubectl.events("caching") if e["reason"] == "RefreshFailed"]

        # kopf posts events on its own schedule, after the status patch
        await wait_for("a RefreshFailed event", lambda: bool(failures()), timeout=10)
        assert failures()[0]["type"] == "Warning" and "nightly-report" in failures()[0]["message"]
        assert "nightly-report" in (refresh_status(kubectl).get("lastError") or "")
        assert target.query("SELECT count(*) FROM daily_sales") == [(40,)]
    finally:
        holder.rollback()
        holder.close()

    await wait_for("CacheFresh=True again", lambda: kubectl.status_of("caching", "CacheFresh") == "True", timeout=20)
    assert target.query("SELECT count(*) FROM daily_sales") == [(45,)]
    assert refresh_status(kubectl)["lastError"] is None
