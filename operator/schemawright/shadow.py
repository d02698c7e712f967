"""The shadow database: a scratch database where the desired schema is materialised, then dropped.

Nothing from a document reaches any database before :mod:`schemawright.sqlguard` has accepted it. The
statements run in order on one session, so a script's session settings (``SET search_path = app, public``,
pg_dump's preamble) apply to the statements after them, the way psql would run the script; they end with that
session. Ownership statements are not run (ownership is not managed); a GRANT/REVOKE naming a role the shadow
server does not have is skipped with a note (privileges are not compared by the plan).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

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
        try:
            _materialise(url, statements, source, notes if notes is not None else [])
            if after:
                _materialise(url, after, source, [])
            yield url
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _is_missing_role(exc: psycopg.Error) -> bool:
    return exc.sqlstate == "42704" and (exc.diag.message_primary or "").startswith("role ")


def _materialise(url: str, statements: Sequence[str | Statement], source: str, notes: list[str]) -> None:
    skipped: list[str] = []
    with psycopg.connect(url, autocommit=True) as conn:
        for number, item in enumerate(statements, start=1):
            statement = item if isinstance(item, Statement) else Statement(item)
            if not statement.runs_in_shadow:
                continue
            try:
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
    if skipped:
        roles = ", ".join(sorted(set(skipped)))
        notes.append(f"{len(skipped)} GRANT/REVOKE statement(s) skipped in the shadow: the shadow server has no role "
                     f"{roles}. Privileges are not compared by the plan; create the role(s) on the shadow server to "
                     "check them, or dump with --no-privileges")
