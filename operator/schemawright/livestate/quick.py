"""The command line's no-op answer: a file planned again against the database it was last applied to.

``schemawright plan FILE --database URL`` mostly asks "is the live schema still what the last apply of this file
left?". An apply from the command line records the file's *source key* — a hash of its bytes, its name, the
guard flags and this release — with the empty plan a no-op plan of it shows (livestate/applied.py). Same key ⇒
the same text was loaded, validated and accepted by the guard under the same rules then, so neither the
document nor the guard is needed now: one fingerprint query compared with the recorded one answers. Anything
else (another text, other flags, another release, a changed live schema, no record) goes the full way, which
also reports every error; this path never raises for a database it cannot read, it just does not answer.

It talks to the database through libpq directly (connect/libpq.py): importing psycopg would cost more than
everything else this answer does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any

from schemawright.connect.db import APPLICATION_NAME, SESSION_SETUP
from schemawright.connect.libpq import LibpqError, Session, text_array
from schemawright.connect.urls import with_connect_timeout
from schemawright.livestate.applied import EXISTS_SQL, LAST_SQL, AppliedState, state_of
from schemawright.livestate.fingerprint import query_like

KEY_PREFIX = "src1:"


def source_key(
    path: str | Path, *, allow: Iterable[str] = (), allow_extension: Iterable[str] = (), short_refresh: bool = False
) -> str | None:
    """The key of the file at ``path`` as the command line loads it with these guard flags (None when the file
    cannot be read: the full path reports that)."""
    from schemawright import __version__

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    flags = {
        "release": __version__,
        "file": path.name,
        "allow": sorted({a.strip() for a in allow}),
        "allowExtension": sorted(set(allow_extension)),
        "shortRefresh": bool(short_refresh),
    }
    digest = hashlib.sha256(json.dumps(flags, sort_keys=True).encode())
    digest.update(b"\0")
    digest.update(data)
    return KEY_PREFIX + digest.hexdigest()[:32]


@dataclass(frozen=True)
class QuickAnswer:
    """The live schema is what the last apply of this very file left: the empty plan, as the full path makes it."""

    state: AppliedState
    plan: dict[str, Any]  # Plan.to_dict() of the empty plan

    @property
    def message(self) -> str:
        """One line for people: why there is nothing to do."""
        return self.state.message


def answer(live_url: str, key: str, source: str) -> QuickAnswer | None:
    """A :class:`QuickAnswer` when the last apply to ``live_url`` recorded ``key`` and the live schema has not
    changed since; else None (also when the database cannot be read). ``source`` is the file as named now.
    Read-only: the record and one fingerprint query (in the scheme the record was written in)."""
    try:
        with Session(with_connect_timeout(live_url), application_name=APPLICATION_NAME) as session:
            state = _last(session)
            if state is None or state.source_key != key or not state.noop_plan:
                return None
            plan = dict(state.noop_plan)
            if plan.get("fingerprint") != state.fingerprint:
                return None
            session.query(SESSION_SETUP)
            if _fingerprint(session, state.fingerprint, list(plan.get("schemas") or ())) != state.fingerprint:
                return None
    except (LibpqError, ValueError, KeyError, TypeError):  # unreadable: the full path says why
        return None
    plan["source"] = source
    return QuickAnswer(state=state, plan=plan)


def _last(session: Session) -> AppliedState | None:
    """The latest applied-state record (livestate/applied.py), its time in the session's time zone."""
    if session.query(EXISTS_SQL) != [(None,)] and (rows := session.query(LAST_SQL)):
        row, zone = rows[0]
        return state_of(row or "", _zone(zone or "UTC"))
    return None


def _zone(name: str) -> tzinfo | None:
    """The session's time zone, as the driver would name it (``UTC`` without loading the zone database)."""
    if name in ("UTC", "Etc/UTC"):
        return UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None  # the offset the server printed


def _fingerprint(session: Session, like: str, schemas: list[str]) -> str | None:
    """The live fingerprint in the scheme of ``like`` (None for one no single query makes)."""
    found = query_like(like, session.server_version)
    if found is None:
        return None
    prefix, sql = found
    session.query("SET search_path = pg_catalog")  # names print qualified (catalog_fingerprint does the same)
    [(digest,)] = session.query(sql, [text_array(schemas)])
    return f"{prefix}{str(digest)[:32]}"
