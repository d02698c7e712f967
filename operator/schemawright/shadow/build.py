"""The shadow database: a scratch database where the desired schema is materialised, then dropped.

Nothing from a document reaches any database before :mod:`schemawright.guard` has accepted it. The
statements run in order on one session, so a script's session settings (``SET search_path = app, public``,
pg_dump's preamble) apply to the statements after them, the way psql would run the script; they end with that
session. Ownership statements are not run (ownership is not managed); a GRANT/REVOKE naming a role the shadow
server does not have is skipped with a note (privileges are not compared by the plan), and so is a setting the
server does not know (``SET transaction_timeout``, which pg_dump 17 and later write, on PostgreSQL 16 or older).

Statements are sent in batches, many per round trip (PostgreSQL's simple query protocol runs a
multi-statement string as one implicit transaction): a 1000-table schema is a few dozen round trips instead of
thousands. A batch that fails was rolled back as a whole, so it is replayed one statement at a time, and the
error names the statement exactly as a one-by-one build would. What cannot run in a transaction block, and
session settings, run alone.

The statements run as a role made for each build (:mod:`schemawright.shadow.role`), never as the connecting role,
except what needs more rights and the platform allowed.

A finished build is kept as a template database, read directly (read-only) by the next plans of the same
document and cloned only when a plan must change it (:mod:`schemawright.shadow.templates`).
"""

from __future__ import annotations

import contextlib
import re
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from schemawright.connect.urls import database_name, mask, with_connect_timeout, with_database
from schemawright.errors import DatabaseError, DatabaseUnreachable, ShadowBuildError, ShadowUnavailable
from schemawright.guard import Statement
from schemawright.shadow.helper import Helper, Offloader, ParallelBuildFailed, helper_sessions
from schemawright.shadow.role import (
    Sessions,
    ShadowRole,
    create_role,
    drop_role,
    give_database,
    release_role,
    retire_role,
    role_name,
)

SCRATCH_PREFIX = "schemawright_shadow_"  # a plan's own shadow database, and a clone of a template
# The advisory lock key that claims a shadow database by name (:func:`claimed`); the %s is the name.
CLAIM_KEY = "hashtextextended('schemawright:' || %s, 0)"
BATCH_STATEMENTS = 400  # statements per round trip
BATCH_CHARS = 1_000_000  # and at most about this much SQL text
# Cannot run in a transaction block (or, for ADD VALUE, the new label is unusable until committed): alone.
_ALONE = re.compile(
    r"\bCONCURRENTLY\b|^\s*(?:VACUUM|REINDEX|CLUSTER|CHECKPOINT|ALTER\s+SYSTEM|"
    r"(?:CREATE|DROP|ALTER)\s+(?:DATABASE|TABLESPACE|SUBSCRIPTION)|BEGIN|START|COMMIT|END|"
    r"ROLLBACK|ABORT|SAVEPOINT|RELEASE|PREPARE|ALTER\s+TYPE\b.*\bADD\s+VALUE\b)",
    re.I | re.S,
)

Conn = psycopg.Connection[tuple[Any, ...]]


def connect_admin(server_url: str) -> Conn:
    """The connection that creates, clones and drops shadow databases on ``server_url``'s server."""
    try:
        return psycopg.connect(with_connect_timeout(server_url), autocommit=True)
    except psycopg.Error as exc:
        raise ShadowUnavailable(f"cannot reach the shadow server {mask(server_url)}: {exc}") from exc


def connect_materialiser(url: str, role: ShadowRole | None, notes: list[str]) -> Sessions:
    """The sessions that run a document's statements in a shadow database (the only place they run)."""
    try:
        return Sessions(url, role, notes)
    except psycopg.Error as exc:
        raise DatabaseUnreachable(f"cannot connect to the shadow database {mask(url)}: {exc}") from exc


def build(
    admin: Conn, server_url: str, name: str, statements: Sequence[str | Statement], source: str, notes: list[str]
) -> None:
    """Run ``statements`` in the new, empty database ``name`` as a role made for this build, which then can no
    longer log in. It keeps what it built when the connecting role holds its privileges (drop both with
    :func:`drop_built`); else everything is the connecting role's and the role is gone."""
    url = with_database(server_url, name)
    role = create_role(admin, name, notes)
    try:
        try:
            # Two sessions only where the connecting role may start over (drop the database the role owns).
            two = role is None or role.owner_rights
            materialise(url, statements, source, notes, role, sessions_count=helper_sessions() if two else 1)
        except ParallelBuildFailed:
            # Perhaps an order two sessions could not keep: from an empty database again, on one session.
            drop_database(admin, name)
            create_database(admin, server_url, name)
            if role is not None:
                give_database(admin, name, role)
            materialise(url, statements, source, notes, role)
    finally:
        if role is not None and role.owner_rights:
            retire_role(admin, role)
        elif role is not None:
            release_role(admin, url, role)  # else the connecting role could not read, clone or drop it


def drop_built(admin: Conn, name: str) -> None:
    """Drop the database ``name`` that :func:`build` built, then the role that built it (best effort)."""
    drop_database(admin, name)
    drop_role(admin, role_name(name))


@contextmanager
def scratch_database(
    admin: Conn, server_url: str, statements: Sequence[str | Statement], source: str, notes: list[str]
) -> Iterator[str]:
    """A new database holding ``statements``' schema (:func:`build`); the block gets its URL, and it is dropped,
    with the role that built it, when the block ends, whatever happens."""
    name = _scratch_name()
    with claimed(admin, name):
        create_database(admin, server_url, name)
        try:
            build(admin, server_url, name, statements, source, notes)
            yield with_database(server_url, name)
        finally:
            drop_built(admin, name)


@contextmanager
def claimed(admin: Conn, name: str) -> Iterator[None]:
    """Hold a lock on the shadow database ``name`` over ``admin`` while the block creates, uses and drops it: a
    sweep (:func:`schemawright.shadow.templates.sweep_leftovers`) tells what a killed planner left (no holder)
    from a build in progress. The lock goes with the session, so a SIGKILL releases it."""
    admin.execute(f"SELECT pg_advisory_lock({CLAIM_KEY})", (name,))
    try:
        yield
    finally:
        with contextlib.suppress(psycopg.Error):  # a broken session has released it already
            admin.execute(f"SELECT pg_advisory_unlock({CLAIM_KEY})", (name,))


def create_database(admin: Conn, server_url: str, name: str, template: str | None = None) -> None:
    """``CREATE DATABASE name`` (from ``template`` when given); a clear error when the role may not."""
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement = sql.SQL("{} TEMPLATE {}").format(statement, sql.Identifier(template))
    try:
        admin.execute(statement)
    except psycopg.Error as exc:
        raise ShadowUnavailable(
            f"cannot create a shadow database on {mask(server_url)}: {exc}. The shadow role needs CREATEDB."
        ) from exc


def drop_database(admin: Conn, name: str, *, force: bool = True) -> None:
    """Drop a shadow (or template) database; with ``force``, whoever is still connected to it."""
    statement = sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
    admin.execute(sql.SQL("{} WITH (FORCE)").format(statement) if force else statement)


@dataclass(frozen=True)
class DesiredDatabase:
    """A database holding the desired schema: this plan's own scratch database (``private``), or a kept template
    shared with other plans, which ``url`` opens read-only (``default_transaction_read_only``)."""

    url: str
    server_url: str
    private: bool
    statements: Sequence[str | Statement] = ()
    source: str = ""

    @contextmanager
    def changeable(self) -> Iterator[str]:
        """A database holding the desired schema that the caller may change (renames put back): this one when it
        is private, else a clone of the template, dropped afterwards (built afresh when it cannot be cloned)."""
        if self.private:
            yield self.url
            return
        with connect_admin(self.server_url) as admin:
            clone = _scratch_name()
            with claimed(admin, clone):
                if not _clone(admin, self.server_url, database_name(self.url), clone):
                    # being read by another plan (a clone needs it idle), or dropped meanwhile
                    with scratch_database(admin, self.server_url, self.statements, self.source, []) as url:
                        yield url
                    return
                try:
                    yield with_database(self.server_url, clone)
                finally:
                    drop_database(admin, clone)


def _clone(admin: Conn, server_url: str, template: str, name: str) -> bool:
    """Copy ``template`` to the new database ``name``; False when it cannot be copied now."""
    try:
        create_database(admin, server_url, name, template=template)
    except DatabaseError:
        return False
    return True


def _scratch_name() -> str:
    return f"{SCRATCH_PREFIX}{secrets.token_hex(6)}"


@contextmanager
def desired_database(
    server_url: str,
    statements: Sequence[str | Statement],
    *,
    source: str,
    notes: list[str] | None = None,
    cache_key: Sequence[str] = (),
    reuse: bool = True,
) -> Iterator[DesiredDatabase]:
    """A database on ``server_url``'s server holding ``statements``' schema, to read. With ``reuse`` (and the
    template cache on) it is the kept template of these very statements, built first when there is none
    (:mod:`schemawright.shadow.templates`; ``cache_key`` names what else the result depends on: the managed
    schemas); else a scratch database, dropped afterwards whatever happens. What the build skipped is added to
    ``notes``."""
    from schemawright.shadow import templates as shadow_templates

    notes = notes if notes is not None else []
    if reuse and shadow_templates.cache_size() > 0:
        with connect_admin(server_url) as admin:
            template = shadow_templates.ensure(admin, server_url, statements, source=source, key=cache_key, notes=notes)
        yield DesiredDatabase(
            read_only(with_database(server_url, template)),
            server_url,
            private=False,
            statements=statements,
            source=source,
        )
        return
    with connect_admin(server_url) as admin:
        shadow_templates.sweep_leftovers(admin)  # what killed planners left (the template path sweeps at eviction)
        with scratch_database(admin, server_url, statements, source, notes) as url:
            yield DesiredDatabase(url, server_url, private=True)


@contextmanager
def shadow_database(
    server_url: str,
    statements: Sequence[str | Statement],
    *,
    source: str,
    notes: list[str] | None = None,
    cache_key: Sequence[str] = (),
    reuse: bool = True,
) -> Iterator[str]:
    """Create a scratch database on ``server_url``'s server holding ``statements``' schema, yield its URL, and
    drop it afterwards whatever happens (a clone of the kept template, see :func:`desired_database`). The
    caller may change it. What the build skipped is added to ``notes``."""
    with (
        desired_database(
            server_url, statements, source=source, notes=notes, cache_key=cache_key, reuse=reuse
        ) as desired,
        desired.changeable() as url,
    ):
        yield url


def read_only(url: str) -> str:
    """``url`` with every transaction read-only unless it says otherwise (a shared template is only read)."""
    parts = urlsplit(url)
    if "options=" in parts.query:
        return url  # the caller's own options stay as they are
    query = "&".join(part for part in (parts.query, "options=-c%20default_transaction_read_only%3Don") if part)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _is_missing_role(exc: psycopg.Error) -> bool:
    return exc.sqlstate == "42704" and (exc.diag.message_primary or "").startswith("role ")


def _is_unknown_setting(exc: psycopg.Error) -> bool:
    return exc.sqlstate == "42704" and (exc.diag.message_primary or "").startswith("unrecognized configuration")


@dataclass
class _Skipped:
    """What the build left out, for the notes: roles the server lacks (their GRANT/REVOKE statements) and
    session settings it does not know."""

    roles: list[str] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)


def _runs_alone(statement: Statement, sessions: Sessions) -> bool:
    return (
        statement.effect == "setting" or bool(_ALONE.match(statement.sql)) or sessions.needs_connecting_role(statement)
    )


def _batch_end(pending: Sequence[tuple[int, Statement]], start: int, sessions: Sessions) -> int:
    """The end of the batch that starts at ``pending[start]``."""
    end, chars = start, 0
    while end < len(pending) and end - start < BATCH_STATEMENTS and chars < BATCH_CHARS:
        statement = pending[end][1]
        if _runs_alone(statement, sessions):
            return end if end > start else end + 1
        chars += len(statement.sql)
        end += 1
    return end


def materialise(
    url: str,
    statements: Sequence[str | Statement],
    source: str,
    notes: list[str],
    role: ShadowRole | None = None,
    *,
    sessions_count: int = 1,
) -> None:
    """Run ``statements`` in the (new, empty) database at ``url``, in order, in batches, as ``role`` (settings on
    both sessions; what needs the connecting role's rights on its session). With two ``sessions_count``, a helper
    session builds the indexes beside (shadow/helper.py); :class:`ParallelBuildFailed` when the build failed
    after the helper took part (build it again on one session)."""
    pending = [
        (number, item if isinstance(item, Statement) else Statement(item))
        for number, item in enumerate(statements, start=1)
    ]
    pending = [(number, statement) for number, statement in pending if statement.runs_in_shadow]
    skipped = _Skipped()
    sessions = connect_materialiser(url, role, notes)
    helper = Helper(sessions.another)
    offloader = Offloader(helper) if sessions_count > 1 else None
    split = False  # whether a statement ever left the first session (then an error may be the split's)
    try:
        start = 0
        while start < len(pending):
            end = _batch_end(pending, start, sessions)
            chunk, start = pending[start:end], end
            mine, theirs = offloader.split(chunk) if offloader else (list(chunk), [])
            split = split or bool(theirs)
            known = len(skipped.settings)
            _run_batches(sessions, mine, source, skipped)
            if len(chunk) == 1 and chunk[0][1].effect == "setting" and len(skipped.settings) == known:
                helper.setting(chunk[0][1].sql)
            helper.give(theirs)
        helper.drain()
    except (ShadowBuildError, psycopg.Error) as exc:
        if split:
            raise ParallelBuildFailed(str(exc)) from exc
        raise
    finally:
        helper.close()
        sessions.close()
    if skipped.roles:
        roles = ", ".join(sorted(set(skipped.roles)))
        notes.append(
            f"{len(skipped.roles)} GRANT/REVOKE statement(s) skipped in the shadow: the shadow server has no role "
            f"{roles}. Privileges are not compared by the plan; create the role(s) on the shadow server to "
            "check them, or dump with --no-privileges"
        )
    if skipped.settings:
        notes.append(
            f"{len(skipped.settings)} session setting(s) skipped in the shadow, unknown to its server: "
            f"{', '.join(dict.fromkeys(skipped.settings))} (a pg_dump newer than the server writes them; what a "
            "server does not know cannot shape the schema it builds)"
        )


def _run_batches(sessions: Sessions, items: Sequence[tuple[int, Statement]], source: str, skipped: _Skipped) -> None:
    """Run ``items`` as one batch; when it fails (rolled back as a whole), one by one up to the statement that
    fails alone, and what follows a skipped statement as a batch again."""
    start = 0
    while start < len(items):
        if len(items) - start > 1:
            # "\n;\n": a statement may end in a line comment
            batch = "\n;\n".join(statement.sql for _, statement in items[start:])
            try:
                sessions.restricted.execute(batch.encode())  # bytes: no client-side placeholder parsing
                return
            except psycopg.Error:
                pass  # rolled back as a whole: replay it one by one, up to the statement that fails alone
        while start < len(items):
            number, statement = items[start]
            start += 1
            if not _run_one(sessions, number, statement, source, skipped):
                break  # skipped with a note: batch what follows again


def _run_one(sessions: Sessions, number: int, statement: Statement, source: str, skipped: _Skipped) -> bool:
    """Run one statement: True when it ran, False when skipped (a grant to a missing role, a setting the server
    does not know); else raise."""
    try:
        for conn in sessions.for_statement(statement):
            conn.execute(statement.sql.encode())
        return True
    except psycopg.Error as exc:
        diag = exc.diag.message_primary or str(exc)
        if statement.effect == "privilege" and _is_missing_role(exc):
            skipped.roles.append(diag.removeprefix("role ").removesuffix(" does not exist"))
            return False
        if statement.effect == "setting" and _is_unknown_setting(exc):
            skipped.settings.append(diag.removeprefix("unrecognized configuration parameter ").strip('"'))
            return False
        remedy = "Fix the document so this statement is valid (e.g. a type or object it names exists)."
        if _is_missing_role(exc):
            # Roles are server-wide, so the shadow server must know the roles policies name.
            remedy = (
                "Roles are server-wide: create that role on the shadow server too, or plan with "
                "--shadow-url on the target's own server, where it exists."
            )
        raise ShadowBuildError(
            f"{source}: the desired schema does not build in PostgreSQL: statement {number} failed: "
            f"{diag}\n  statement: {statement.text.strip()[:300]}\n  {remedy}"
        ) from exc
