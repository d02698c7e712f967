"""What was last applied to a database: the document's key and the live fingerprint the apply left.

Kept in the journal schema of the target database (next to ``plans`` and ``steps``), one row per successful
apply — an apply that found nothing to do included, since adopting an existing database is exactly that.
Reading it never writes: when the journal schema does not exist, there is simply no record.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the command line's no-op path reads records without the driver or a document (quick.py)
    import psycopg

    from schemawright.spec.model import DesiredSchema

    Conn = psycopg.Connection[tuple[Any, ...]]

SCHEMA = "schemawright"  # the journal's schema (schemawright.execute.journal.SCHEMA)
TABLE = f"{SCHEMA}.applied_states"

_DDL = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_key text NOT NULL,
    fingerprint text NOT NULL,
    desired_fingerprint text NOT NULL,
    plan_hash text NOT NULL,
    applied_by text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS source_key text, ADD COLUMN IF NOT EXISTS noop_plan jsonb;
COMMENT ON TABLE {TABLE} IS 'schemawright: the document and live schema fingerprint each successful apply left'
"""

# The latest record (the whole row as JSON: a table written by an older release lacks the newer columns), and
# where it exists at all: reading never writes, so a database without the table simply has no record.
EXISTS_SQL = f"SELECT to_regclass('{TABLE}')"
LAST_SQL = f"SELECT to_jsonb(a)::text, current_setting('TimeZone') FROM {TABLE} a ORDER BY a.id DESC LIMIT 1"


@dataclass(frozen=True)
class AppliedState:
    """One successful apply: which document, and the live schema it left behind."""

    document_key: str
    fingerprint: str  # the live catalog fingerprint right after the apply (livestate.catalog_fingerprint)
    desired_fingerprint: str  # the plan's desired fingerprint (a full inspection of the shadow)
    plan_hash: str
    applied_at: datetime | None = None
    # The command line's key of the file and flags the document was read from (livestate/quick.py), and the
    # empty plan a no-op `plan` of it prints (Plan.to_dict): together they answer that question without
    # loading the document. Empty for documents from elsewhere (the operator) and for older records.
    source_key: str = ""
    noop_plan: dict[str, Any] | None = None

    @property
    def message(self) -> str:
        """One line for people: why there is nothing to do."""
        when = f" at {self.applied_at:%Y-%m-%d %H:%M:%S %Z}" if self.applied_at else ""
        return f"nothing to do (live schema {self.fingerprint} unchanged since plan {self.plan_hash} was applied{when})"


def _canonical(value: object) -> object:
    """JSON for what json cannot say: sets sorted (their iteration order changes from process to process)."""
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)


def document_key(desired: DesiredSchema) -> str:
    """A hash of what the document asks for, the managed schemas and this release (not where it was read from).

    Two documents with the same key plan the same way on the same live schema; a new release may plan
    differently, so its key differs. The document's name and its connection (``spec.database``'s Secret or
    environment variable) change no plan: a database cloned from one already applied is up to date for every
    resource with the same content (tenants, ``CREATE DATABASE … TEMPLATE``).
    """
    from schemawright import __version__

    content = dataclasses.asdict(desired)
    # Where it was read from, what it is called, how to reach the database (spec.database: the managed schemas
    # are on DesiredSchema), a refresh schedule: none of it changes a plan.
    for incidental in ("source", "source_key", "document", "refresh", "name", "database"):
        content.pop(incidental, None)
    canonical = json.dumps(
        {"release": __version__, "schemas": list(desired.schemas), "desired": content},
        sort_keys=True,
        default=_canonical,
    )
    return "doc1:" + hashlib.sha256(canonical.encode()).hexdigest()[:32]


def state_of(row_json: str, timezone: tzinfo | None = None) -> AppliedState:
    """The record :data:`LAST_SQL` read, its time in ``timezone`` (the session's, as the driver would give it)."""
    found: dict[str, Any] = json.loads(row_json)
    applied_at = datetime.fromisoformat(found["applied_at"]) if found.get("applied_at") else None
    return AppliedState(
        document_key=str(found["document_key"]),
        fingerprint=str(found["fingerprint"]),
        desired_fingerprint=str(found["desired_fingerprint"]),
        plan_hash=str(found["plan_hash"]),
        applied_at=applied_at.astimezone(timezone) if applied_at and timezone else applied_at,
        source_key=str(found.get("source_key") or ""),
        noop_plan=found.get("noop_plan"),
    )


def last(conn: Conn) -> AppliedState | None:
    """The most recent record, or None (never applied, or applied only by a release without records)."""
    exists = conn.execute(EXISTS_SQL).fetchone()
    if exists is None or exists[0] is None:
        return None
    row = conn.execute(LAST_SQL).fetchone()
    return None if row is None else state_of(str(row[0]), conn.info.timezone)


def record(conn: Conn, state: AppliedState, applied_by: str) -> None:
    """Add a record (creating the table if this database's journal predates it). Needs the journal schema."""
    from psycopg.types.json import Jsonb

    with conn.transaction():
        conn.execute(_DDL.encode())
        conn.execute(
            f"INSERT INTO {TABLE} (document_key, fingerprint, desired_fingerprint, plan_hash, applied_by, "
            "source_key, noop_plan) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            (
                state.document_key,
                state.fingerprint,
                state.desired_fingerprint,
                state.plan_hash,
                applied_by,
                state.source_key or None,
                Jsonb(state.noop_plan) if state.noop_plan is not None else None,
            ),
        )
