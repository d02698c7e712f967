"""The shadow database: a scratch database where the desired schema is materialised, then dropped.

Nothing from a document reaches any database before :mod:`schemawright.sqlguard` has accepted it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import psycopg
from psycopg import sql

from schemawright.errors import DatabaseError, ExitCode, SchemawrightError
from schemawright.urls import mask, with_database


class ShadowBuildError(SchemawrightError):
    """The desired schema does not build in PostgreSQL (a type that does not exist, a bad reference…)."""

    exit_code = ExitCode.INVALID_INPUT


@contextmanager
def shadow_database(server_url: str, statements: Sequence[str], *, source: str,
                    after: Sequence[str] = ()) -> Iterator[str]:
    """Create a scratch database on ``server_url``'s server, run ``statements`` (then ``after``) in it,
    yield its URL, and drop it afterwards whatever happens."""
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
            _materialise(url, statements, source)
            if after:
                _materialise(url, after, source)
            yield url
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _materialise(url: str, statements: Sequence[str], source: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for number, statement in enumerate(statements, start=1):
            try:
                conn.execute(statement.encode())  # bytes: no client-side placeholder parsing
            except psycopg.Error as exc:
                diag = exc.diag.message_primary or str(exc)
                remedy = "Fix the document so this statement is valid (e.g. a type or object it names exists)."
                if exc.sqlstate == "42704" and diag.startswith("role "):
                    # Roles are server-wide, so the shadow server must know the roles policies and grants name.
                    remedy = ("Roles are server-wide: create that role on the shadow server too, or plan with "
                              "--shadow-url on the target's own server, where it exists.")
                raise ShadowBuildError(
                    f"{source}: the desired schema does not build in PostgreSQL: statement {number} failed: "
                    f"{diag}\n  statement: {statement.strip()[:300]}\n  {remedy}"
                ) from exc
