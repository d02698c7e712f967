"""Locks between appliers and against application traffic: the advisory lock that lets one applier
work on a database at a time, and who holds the locks a step could not get."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg

from schemawright.errors import AnotherApplyRunning

# pg_advisory_lock(int4, int4): the first key says "schemawright", the second is the database.
ADVISORY_CLASS = 21335  # 0x5357, "SW"

Conn = psycopg.Connection[tuple[Any, ...]]


def take_apply_lock(conn: Conn) -> None:
    """Take the per-database session-level advisory lock, or fail fast naming its holder."""
    row = conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(current_database()))", (ADVISORY_CLASS,)).fetchone()
    if row and row[0]:
        return
    holder = conn.execute(
        """SELECT a.pid, coalesce(nullif(a.application_name, ''), '?'), a.backend_start,
                  coalesce(host(a.client_addr), 'local')
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.locktype = 'advisory' AND l.classid = %s
             AND l.objid = hashtext(current_database())::oid AND l.objsubid = 2 AND l.granted""",
        (ADVISORY_CLASS,),
    ).fetchone()
    who = f"pid {holder[0]}, {holder[1]} from {holder[3]}, since {holder[2]:%Y-%m-%d %H:%M:%S %Z}" if holder else "?"
    raise AnotherApplyRunning(
        f"another apply is in progress ({who}); only one applier may change a database at a time. "
        "Wait for it to finish (schemawright status shows its progress) and apply again."
    )


@contextmanager
def apply_lock(conn: Conn) -> Iterator[None]:
    """:func:`take_apply_lock` for the block, released explicitly at its end: a closed session's locks go only
    when its server process has exited, which the next applier (the same process, a moment later) would race."""
    take_apply_lock(conn)
    try:
        yield
    finally:
        with contextlib.suppress(psycopg.Error):  # a lost session has released it already
            conn.execute("SELECT pg_advisory_unlock(%s, hashtext(current_database()))", (ADVISORY_CLASS,))


@dataclass(frozen=True)
class Blocker:
    """A session holding a lock the step needed."""

    pid: int
    application: str
    state: str
    seconds: float
    mode: str
    query: str

    @property
    def summary(self) -> str:
        """Who, without the query text (which may carry the application's data): for cluster events."""
        return f"pid {self.pid} ({self.application}, {self.state} for {self.seconds:.0f}s, holds {self.mode})"

    def __str__(self) -> str:
        return f"{self.summary}: {self.query}"


def blockers(conn: Conn, table: str | None) -> list[Blocker]:
    """Sessions (other than ours) holding granted locks on ``table`` ("schema.table"), longest first."""
    if not table:
        return []
    schema, _, name = table.partition(".")
    rows = conn.execute(
        """SELECT a.pid, coalesce(nullif(a.application_name, ''), '?'), coalesce(a.state, '?'),
                  extract(epoch FROM now() - coalesce(a.xact_start, a.query_start, a.backend_start)),
                  string_agg(DISTINCT l.mode, ', '), left(regexp_replace(a.query, '\\s+', ' ', 'g'), 120)
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.relation = (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                               WHERE n.nspname = %s AND c.relname = %s)
             AND l.granted AND l.pid <> pg_backend_pid()
           GROUP BY 1, 2, 3, 4, 6 ORDER BY 4 DESC""",
        (schema, name),
    ).fetchall()
    return [Blocker(int(r[0]), str(r[1]), str(r[2]), float(r[3] or 0), str(r[4]), str(r[5])) for r in rows]
