"""The shadow database: a scratch database where the desired schema is materialised, then dropped.

Nothing from a document reaches any database before :mod:`schemawright.sqlguard` has accepted it. The
statements run in order on one session, so a script's session settings (``SET search_path = app, public``,
pg_dump's preamble) apply to the statements after them, the way psql would run the script; they end with that
session. Ownership statements are not run (ownership is not managed); a GRANT/REVOKE naming a role the shadow
server does not have is skipped with a note (privileges are not compared by the plan).

Defence in depth: the statements run as a role made for the shadow (:func:`_create_role`: no superuser, no
role or database creation, member of nothing, owner of the shadow database only), on its own login connection,
so a construct the guard missed still cannot read server files, run programs or reach other databases —
PostgreSQL refuses. Only what needs more rights runs as the connecting role: statements the platform allowed
under a privileged guard rule (C functions, untrusted languages, LEAKPROOF) and CREATE EXTENSION of an extension
the server does not mark trusted (docs/operations.md, "The shadow role").
"""

from __future__ import annotations

import contextlib
import re
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg
from psycopg import sql

from schemawright.errors import DatabaseError, ExitCode, SchemawrightError
from schemawright.sqlguard import Statement
from schemawright.urls import mask, with_database


class ShadowBuildError(SchemawrightError):
    """The desired schema does not build in PostgreSQL (a type that does not exist, a bad reference…)."""

    exit_code = ExitCode.INVALID_INPUT


@contextmanager
def shadow_database(server_url: str, statements: Sequence[str | Statement], *, source: str,
                    after: Sequence[str] = (), notes: list[str] | None = None) -> Iterator[str]:
    """Create a scratch database on ``server_url``'s server, run ``statements`` (then ``after``) in it,
    yield its URL, and drop it afterwards whatever happens. What the build skipped is added to ``notes``."""
    name = f"schemawright_shadow_{secrets.token_hex(6)}"
    try:
        admin = psycopg.connect(server_url, autocommit=True)
    except psycopg.Error as exc:
        raise DatabaseError(f"cannot reach the shadow server {mask(server_url)}: {exc}") from exc
    with admin:
        try:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.Error as exc:
            raise DatabaseError(
                f"cannot create a shadow database on {mask(server_url)}: {exc}. The shadow role needs CREATEDB."
            ) from exc
        url = with_database(server_url, name)
        notes = notes if notes is not None else []
        try:
            role = _create_role(admin, name, notes)
            _materialise(url, statements, source, notes, role)
            if after:
                _materialise(url, after, source, [], role)
            yield url
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            _drop_role(admin, name)


@dataclass(frozen=True)
class ShadowRole:
    """The role the shadow's statements run as: named like the shadow database, with a one-time password."""

    name: str
    password: str = field(repr=False)


_ROLE_RIGHTS = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 4"


def _create_role(admin: psycopg.Connection, database: str, notes: list[str]) -> ShadowRole | None:
    """Create the shadow's role and give it the shadow database; None (with a note saying what to grant) when
    the connecting role may not create roles, so the statements run as the connecting role, as before."""
    user, superuser, createrole = admin.execute(
        "SELECT current_user, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user").fetchone() or (
        "?", False, False)
    if not (superuser or createrole):
        notes.append(f"the shadow ran the desired DDL as the connecting role {user}, which may not create roles; "
                     f"ALTER ROLE {user} CREATEROLE lets it run under a role of its own with no other rights "
                     "(docs/operations.md, the shadow role)")
        return None
    role = ShadowRole(database, secrets.token_urlsafe(24))
    name = sql.Identifier(role.name)
    try:
        admin.execute(sql.SQL("CREATE ROLE {} " + _ROLE_RIGHTS + " PASSWORD {}").format(
            name, sql.Literal(role.password)))
        if not superuser:
            # PostgreSQL ≥ 16 gives the creator only ADMIN OPTION; giving the database away needs membership.
            admin.execute(sql.SQL("GRANT {} TO CURRENT_USER").format(name))
        admin.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(database), name))
    except psycopg.Error as exc:  # the message never holds the password: errors do not quote the statement
        raise DatabaseError(f"cannot create the shadow's role {role.name} as {user}: "
                            f"{exc.diag.message_primary or exc}") from exc
    return role


def _drop_role(admin: psycopg.Connection, name: str) -> None:
    """Drop the shadow's role after its database; a failure here must not hide the build's own error."""
    with contextlib.suppress(psycopg.Error):  # without CREATEROLE no role was made
        admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


class _Sessions:
    """The shadow's two sessions: ``restricted`` (the shadow role; everything runs here) and ``connecting``
    (the connecting role; only what needs its rights). Without a shadow role both are the same session."""

    def __init__(self, url: str, role: ShadowRole | None, notes: list[str]) -> None:
        self.connecting = psycopg.connect(url, autocommit=True)
        self.restricted = self.connecting
        self._trusted: dict[str, bool] = {}
        self._privileged_extensions: set[str] = set()
        if role is None:
            return
        try:
            self.restricted = psycopg.connect(url, autocommit=True, user=role.name, password=role.password)
        except psycopg.OperationalError as exc:
            # pg_hba.conf may refuse password logins for new roles: switch role instead. The desired DDL cannot
            # switch back (the guard refuses SET/RESET ROLE, SET SESSION AUTHORIZATION and set_config).
            reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            notes.append(f"the shadow server refused a login as {role.name} ({mask(reason)}), so the desired DDL "
                         "ran after SET ROLE on the connecting session; allow password logins for roles named "
                         "schemawright_shadow_* in pg_hba.conf (docs/operations.md, the shadow role)")
            self.restricted = psycopg.connect(url, autocommit=True)
            self.restricted.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role.name)))

    def close(self) -> None:
        """Close both sessions."""
        self.restricted.close()
        self.connecting.close()

    def for_statement(self, statement: Statement) -> list[psycopg.Connection]:
        """The sessions ``statement`` runs on: settings on both (they shape the statements after them)."""
        if self.restricted is self.connecting:
            return [self.connecting]
        if statement.effect == "setting":
            return [self.restricted, self.connecting]
        return [self.connecting if self._needs_connecting_role(statement) else self.restricted]

    def _needs_connecting_role(self, statement: Statement) -> bool:
        if statement.privileged:
            return True
        match = _EXTENSION_STATEMENT.match(_without_comments(statement.sql))
        if match is None:
            return False
        name = (match["quoted"] or "").replace('""', '"') or (match["plain"] or "").lower()
        if match["create"] and not self._is_trusted(name):
            self._privileged_extensions.add(name)
        return name in self._privileged_extensions

    def _is_trusted(self, extension: str) -> bool:
        if extension not in self._trusted:
            row = self.connecting.execute(
                "SELECT bool_or(trusted OR NOT superuser) FROM pg_available_extension_versions WHERE name = %s",
                (extension,)).fetchone()
            self._trusted[extension] = bool(row and row[0])
        return self._trusted[extension]


# CREATE EXTENSION / COMMENT ON EXTENSION / ALTER EXTENSION and the extension's name (guard-accepted statements).
_EXTENSION_STATEMENT = re.compile(
    r"\s*(?:(?P<create>create\s+extension(?:\s+if\s+not\s+exists)?)|comment\s+on\s+extension|alter\s+extension)"
    r"\s+(?:\"(?P<quoted>(?:[^\"]|\"\")+)\"|(?P<plain>[\w$]+))", re.IGNORECASE)


def _without_comments(text: str) -> str:
    return re.sub(r"--[^\n]*|/\*.*?\*/", " ", text[:4096], flags=re.DOTALL)


def _is_missing_role(exc: psycopg.Error) -> bool:
    return exc.sqlstate == "42704" and (exc.diag.message_primary or "").startswith("role ")


def _materialise(url: str, statements: Sequence[str | Statement], source: str, notes: list[str],
                 role: ShadowRole | None = None) -> None:
    skipped: list[str] = []
    sessions = _Sessions(url, role, notes)
    try:
        for number, item in enumerate(statements, start=1):
            statement = item if isinstance(item, Statement) else Statement(item)
            if not statement.runs_in_shadow:
                continue
            try:
                for conn in sessions.for_statement(statement):
                    conn.execute(statement.sql.encode())  # bytes: no client-side placeholder parsing
            except psycopg.Error as exc:
                diag = exc.diag.message_primary or str(exc)
                if statement.effect == "privilege" and _is_missing_role(exc):
                    skipped.append(diag.removeprefix("role ").removesuffix(" does not exist"))
                    continue
                remedy = "Fix the document so this statement is valid (e.g. a type or object it names exists)."
                if _is_missing_role(exc):
                    # Roles are server-wide, so the shadow server must know the roles policies name.
                    remedy = ("Roles are server-wide: create that role on the shadow server too, or plan with "
                              "--shadow-url on the target's own server, where it exists.")
                raise ShadowBuildError(
                    f"{source}: the desired schema does not build in PostgreSQL: statement {number} failed: "
                    f"{diag}\n  statement: {statement.text.strip()[:300]}\n  {remedy}"
                ) from exc
    finally:
        sessions.close()
    if skipped:
        roles = ", ".join(sorted(set(skipped)))
        notes.append(f"{len(skipped)} GRANT/REVOKE statement(s) skipped in the shadow: the shadow server has no role "
                     f"{roles}. Privileges are not compared by the plan; create the role(s) on the shadow server to "
                     "check them, or dump with --no-privileges")
