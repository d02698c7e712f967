"""The apply journal: a ``schemawright`` schema in the target database recording each plan and step.

Transactional steps write their journal row in the step's own transaction, so after a crash (even
``kill -9``) the journal says exactly which steps happened. The next apply of the same desired state
resumes from the first unfinished step.
"""

from __future__ import annotations

import getpass
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from schemawright.plan import Plan

SCHEMA = "schemawright"

_DDL = f"""
CREATE SCHEMA IF NOT EXISTS {SCHEMA};
CREATE TABLE IF NOT EXISTS {SCHEMA}.plans (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hash text NOT NULL,
    fingerprint text NOT NULL,
    desired_fingerprint text NOT NULL,
    source text NOT NULL,
    applied_by text NOT NULL,
    status text NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'waiting', 'done', 'failed', 'superseded')),
    error text,
    stopped_fingerprint text,
    plan jsonb NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE TABLE IF NOT EXISTS {SCHEMA}.steps (
    plan_id bigint NOT NULL REFERENCES {SCHEMA}.plans (id) ON DELETE CASCADE,
    index integer NOT NULL,
    phase text NOT NULL,
    kind text NOT NULL,
    sql text NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    progress jsonb,
    error text,
    started_at timestamptz,
    finished_at timestamptz,
    PRIMARY KEY (plan_id, index)
);
CREATE INDEX IF NOT EXISTS plans_desired_idx ON {SCHEMA}.plans (desired_fingerprint, id DESC);
COMMENT ON SCHEMA {SCHEMA} IS 'schemawright apply journal: plans and steps applied to this database';
"""

Conn = psycopg.Connection[tuple[Any, ...]]


def who() -> str:
    """``user@host (pid)`` of this applier, for the journal."""
    return f"{getpass.getuser()}@{socket.gethostname()} (pid {os.getpid()})"


@dataclass(frozen=True)
class Resumable:
    """An unfinished plan for the same desired state."""

    plan_id: int
    plan: Plan
    next_index: int  # 1-based index of the first step not done
    progress: dict[str, Any] | None  # backfill progress of that step, if any
    status: str  # "running" after a crash; "waiting" or "failed" after a clean stop
    stopped_fingerprint: str | None  # the live schema when it stopped cleanly


@dataclass(frozen=True)
class StepRecord:
    """One journal row, for ``schemawright status``."""

    index: int
    phase: str
    kind: str
    status: str
    attempts: int
    error: str | None
    seconds: float | None


@dataclass(frozen=True)
class PlanRecord:
    """One plan row and its steps."""

    plan_id: int
    hash: str
    source: str
    applied_by: str
    status: str
    error: str | None
    started_at: datetime
    finished_at: datetime | None
    steps: tuple[StepRecord, ...]

    @property
    def stopped_at(self) -> StepRecord | None:
        """The first step that is not done."""
        return next((s for s in self.steps if s.status != "done"), None)


class Journal:
    """Reads and writes the journal over one autocommit connection (the applier's)."""

    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    def ensure(self) -> None:
        """Create the journal schema and tables if missing."""
        with self.conn.transaction():
            # Two first-time appliers must not race on CREATE SCHEMA IF NOT EXISTS.
            self.conn.execute("SELECT pg_advisory_xact_lock(21335, 0)")
            self.conn.execute(_DDL.encode())

    def start(self, plan: Plan) -> int:
        """Record a new plan with all its steps pending; returns its id."""
        with self.conn.transaction():
            row = self.conn.execute(
                f"INSERT INTO {SCHEMA}.plans (hash, fingerprint, desired_fingerprint, source, applied_by, plan) "
                "VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                (plan.hash, plan.fingerprint, plan.desired_fingerprint, plan.source, who(), Jsonb(plan.to_dict())),
            ).fetchone()
            assert row is not None
            plan_id = int(row[0])
            with self.conn.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO {SCHEMA}.steps (plan_id, index, phase, kind, sql) VALUES (%s, %s, %s, %s, %s)",
                    [(plan_id, i, str(s.phase), s.kind, s.sql) for i, s in enumerate(plan.steps, start=1)],
                )
        return plan_id

    def resumable(self, desired_fingerprint: str) -> Resumable | None:
        """The latest unfinished plan for this desired state, if its last run did not complete."""
        row = self.conn.execute(
            f"SELECT id, plan, status, stopped_fingerprint FROM {SCHEMA}.plans WHERE desired_fingerprint = %s "
            "AND status <> 'superseded' ORDER BY id DESC LIMIT 1",
            (desired_fingerprint,),
        ).fetchone()
        if row is None or row[2] == "done":
            return None
        plan_id, data = int(row[0]), row[1]
        step = self.conn.execute(
            f"SELECT index, progress FROM {SCHEMA}.steps WHERE plan_id = %s AND status <> 'done' "
            "ORDER BY index LIMIT 1",
            (plan_id,),
        ).fetchone()
        if step is None:
            if row[2] == "running":  # killed after its last step, before it could say so
                self.finish(plan_id, "done")
            return None
        return Resumable(
            plan_id=plan_id,
            plan=Plan.from_dict(data),
            next_index=int(step[0]),
            progress=step[1],
            status=str(row[2]),
            stopped_fingerprint=row[3],
        )

    def exists(self) -> bool:
        """Whether this database has a journal (anything was ever applied here)."""
        row = self.conn.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.plans",)).fetchone()
        return row is not None and row[0] is not None

    def applied(self, plan_hash: str) -> str | None:
        """The live fingerprint the last complete run of the plan ``plan_hash`` left (None if it never finished)."""
        row = self.conn.execute(
            f"SELECT stopped_fingerprint FROM {SCHEMA}.plans WHERE hash = %s AND status = 'done' "
            "ORDER BY id DESC LIMIT 1",
            (plan_hash,),
        ).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def reopen(self, plan_id: int) -> None:
        """Mark a resumed plan as running again."""
        self.conn.execute(
            f"UPDATE {SCHEMA}.plans SET status = 'running', error = NULL, finished_at = NULL WHERE id = %s", (plan_id,)
        )

    def step_started(self, plan_id: int, index: int) -> None:
        """A step begins (another attempt if it ran before)."""
        self.conn.execute(
            f"UPDATE {SCHEMA}.steps SET status = 'running', attempts = attempts + 1, error = NULL, "
            "started_at = coalesce(started_at, clock_timestamp()) WHERE plan_id = %s AND index = %s",
            (plan_id, index),
        )

    def step_attempted(self, plan_id: int, index: int) -> bool:
        """True when the step was started before (a crash or failure left it unfinished)."""
        row = self.conn.execute(
            f"SELECT attempts > 0 FROM {SCHEMA}.steps WHERE plan_id = %s AND index = %s", (plan_id, index)
        ).fetchone()
        return bool(row and row[0])

    def step_done(self, plan_id: int, index: int) -> None:
        """A step finished; inside a transaction, this commits with the step."""
        self.conn.execute(
            f"UPDATE {SCHEMA}.steps SET status = 'done', error = NULL, finished_at = clock_timestamp() "
            "WHERE plan_id = %s AND index = %s",
            (plan_id, index),
        )

    def step_failed(self, plan_id: int, index: int, error: str) -> None:
        """A step failed (after its retries)."""
        self.conn.execute(
            f"UPDATE {SCHEMA}.steps SET status = 'failed', error = %s, finished_at = clock_timestamp() "
            "WHERE plan_id = %s AND index = %s",
            (error, plan_id, index),
        )

    def step_progress(self, plan_id: int, index: int, progress: dict[str, Any]) -> None:
        """Backfill progress (inside the batch's transaction, so it is exactly what committed)."""
        self.conn.execute(
            f"UPDATE {SCHEMA}.steps SET progress = %s WHERE plan_id = %s AND index = %s",
            (Jsonb(progress), plan_id, index),
        )

    def finish(
        self, plan_id: int, status: str, error: str | None = None, stopped_fingerprint: str | None = None
    ) -> None:
        """The plan is done, waiting (approval or switch), failed, or superseded by a newer plan."""
        self.conn.execute(
            f"UPDATE {SCHEMA}.plans SET status = %s, error = %s, stopped_fingerprint = %s, "
            "finished_at = CASE WHEN %s IN ('done', 'superseded') THEN clock_timestamp() END WHERE id = %s",
            (status, error, stopped_fingerprint, status, plan_id),
        )

    def last(self) -> PlanRecord | None:
        """The most recent plan and its steps (None when nothing was ever applied here)."""
        if not self.exists():
            return None
        row = self.conn.execute(
            f"SELECT id, hash, source, applied_by, status, error, started_at, finished_at FROM {SCHEMA}.plans "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        steps = tuple(
            StepRecord(
                index=int(r[0]),
                phase=str(r[1]),
                kind=str(r[2]),
                status=str(r[3]),
                attempts=int(r[4]),
                error=r[5],
                seconds=float(r[6]) if r[6] is not None else None,
            )
            for r in self.conn.execute(
                f"SELECT index, phase, kind, status, attempts, error, "
                f"extract(epoch FROM finished_at - started_at) FROM {SCHEMA}.steps "
                "WHERE plan_id = %s ORDER BY index",
                (row[0],),
            )
        )
        return PlanRecord(
            plan_id=int(row[0]),
            hash=str(row[1]),
            source=str(row[2]),
            applied_by=str(row[3]),
            status=str(row[4]),
            error=row[5],
            started_at=row[6],
            finished_at=row[7],
            steps=steps,
        )
