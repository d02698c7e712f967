"""The record of materialized view refreshes: one row per refresh, in the target database's journal schema.

``schemawright refresh --if-due`` and the operator's timer decide from it which views are due, and
``schemawright status`` shows it. Reading never writes: without the table there is simply no record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import psycopg

SCHEMA = "schemawright"  # the journal's schema (schemawright.execute.journal.SCHEMA)
TABLE = f"{SCHEMA}.refreshes"

_DDL = f"""
CREATE SCHEMA IF NOT EXISTS {SCHEMA};
CREATE TABLE IF NOT EXISTS {TABLE} (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    view text NOT NULL,
    status text NOT NULL CHECK (status IN ('done', 'failed')),
    concurrent boolean NOT NULL,
    started_at timestamptz NOT NULL,
    duration_ms bigint NOT NULL,
    rows bigint,
    error text,
    refreshed_by text NOT NULL
);
CREATE INDEX IF NOT EXISTS refreshes_view_idx ON {TABLE} (view, id DESC);
COMMENT ON TABLE {TABLE} IS 'schemawright: every materialized view refresh (when, how long, rows, error)'
"""

Conn = psycopg.Connection[tuple[Any, ...]]


@dataclass(frozen=True)
class RefreshRecord:
    """One refresh of one view (``view`` is ``schema.name``)."""

    view: str
    status: str  # done | failed
    concurrently: bool
    started_at: datetime
    duration_ms: int
    rows: int | None = None
    error: str | None = None

    @property
    def finished_at(self) -> datetime:
        """When the refresh ended."""
        return self.started_at + timedelta(milliseconds=self.duration_ms)


@dataclass(frozen=True)
class ViewHistory:
    """What the record says about one view: its last attempt and its last successful refresh."""

    view: str
    last: RefreshRecord | None = None
    last_done: RefreshRecord | None = None


def record(conn: Conn, entry: RefreshRecord, refreshed_by: str) -> None:
    """Add ``entry`` (creating the journal schema and table on first use)."""
    with conn.transaction():
        conn.execute(_DDL.encode())
        conn.execute(
            f"INSERT INTO {TABLE} (view, status, concurrent, started_at, duration_ms, rows, error, "
            "refreshed_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            (
                entry.view,
                entry.status,
                entry.concurrently,
                entry.started_at,
                entry.duration_ms,
                entry.rows,
                entry.error,
                refreshed_by,
            ),
        )


def _record_of(row: tuple[Any, ...]) -> RefreshRecord:
    return RefreshRecord(
        view=str(row[0]),
        status=str(row[1]),
        concurrently=bool(row[2]),
        started_at=row[3],
        duration_ms=int(row[4]),
        rows=None if row[5] is None else int(row[5]),
        error=row[6],
    )


def history(conn: Conn, views: list[str] | None = None) -> dict[str, ViewHistory]:
    """Per view (all recorded ones when ``views`` is None), its last attempt and last success."""
    exists = conn.execute("SELECT to_regclass(%s)", (TABLE,)).fetchone()
    found: dict[str, ViewHistory] = {v: ViewHistory(v) for v in views or []}
    if exists is None or exists[0] is None:
        return found
    columns = "view, status, concurrent, started_at, duration_ms, rows, error"
    rows = conn.execute(
        f"""SELECT DISTINCT ON (view, status = 'done') {columns}, status = 'done' FROM {TABLE}
            WHERE %(all)s OR view = ANY(%(views)s) ORDER BY view, status = 'done', id DESC""",
        {"all": views is None, "views": views or []},
    ).fetchall()
    for row in rows:
        entry = _record_of(row)
        current = found.get(entry.view, ViewHistory(entry.view))
        last = entry if current.last is None or entry.started_at > current.last.started_at else current.last
        found[entry.view] = ViewHistory(entry.view, last=last, last_done=entry if row[7] else current.last_done)
    return found
