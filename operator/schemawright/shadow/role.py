"""The shadow's own role: the desired DDL runs as a role made for each build, not as the connecting role.

Defence in depth: the role has no superuser, role or database creation rights, is a member of nothing and owns
only the shadow database, and the statements run on its own login connection, so a construct the guard missed
still cannot read server files, run programs or reach other databases — PostgreSQL refuses. Only what needs
more rights runs as the connecting role: statements the platform allowed under a privileged guard rule (C
functions, untrusted languages, LEAKPROOF) and CREATE EXTENSION of an extension the server does not mark trusted
(docs/operations.md, "The shadow role").

After the build the role can no longer log in, and it keeps what it built when the connecting role holds its
privileges anyway (a superuser, or a member that inherits them): the role is dropped after its database (a scratch
shadow after its plan, a kept template when it is evicted). Handing everything over with ``REASSIGN OWNED`` would
take 0.6 s at 1000 tables, and would fold a document's grants to the connecting role into the owner's own
privileges, where no comparison sees them. A connecting role without those privileges is given everything instead,
and the role is dropped at once.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from dataclasses import dataclass, field, replace
from typing import Any

import psycopg
from psycopg import sql

from schemawright.connect.urls import mask
from schemawright.errors import ShadowUnavailable
from schemawright.guard import Statement

Conn = psycopg.Connection[tuple[Any, ...]]

ROLE_PREFIX = "schemawright_shadow_"


@dataclass(frozen=True)
class ShadowRole:
    """The role the shadow's statements run as: ``schemawright_shadow_<hex>``, with a one-time password."""

    name: str
    password: str = field(repr=False)
    # The connecting role holds this role's privileges (a superuser, or a member that inherits them), so it reads,
    # clones and drops what this role owns as the owner would: what the role built need not be handed over.
    owner_rights: bool = True


# INHERIT: the role belongs to no role but, as its database's owner, implicitly to pg_database_owner, which owns
# the public schema from PostgreSQL 15 on; a NOINHERIT owner on 15 may not create in it (16 lets it).
_ROLE_RIGHTS = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 4"


def role_name(database: str) -> str:
    """The name of the role that builds the shadow database ``database``."""
    return ROLE_PREFIX + database.rsplit("_", 1)[-1]


def create_role(admin: Conn, database: str, notes: list[str]) -> ShadowRole | None:
    """Create the shadow's role and give it the shadow database; None (with a note saying what to grant) when
    the connecting role may not create roles, so the statements run as the connecting role, as before."""
    user, superuser, createrole = admin.execute(
        "SELECT current_user, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user"
    ).fetchone() or ("?", False, False)
    if not (superuser or createrole):
        notes.append(
            f"the shadow ran the desired DDL as the connecting role {user}, which may not create roles; "
            f"ALTER ROLE {user} CREATEROLE lets it run under a role of its own with no other rights "
            "(docs/operations.md, the shadow role)"
        )
        return None
    # One name pattern for every build's role (templates are built under other database names), so that
    # pg_hba.conf can allow password logins for schemawright_shadow_* alone.
    role = ShadowRole(role_name(database), secrets.token_urlsafe(24))
    name = sql.Identifier(role.name)
    try:
        admin.execute(
            sql.SQL("CREATE ROLE {} " + _ROLE_RIGHTS + " PASSWORD {}").format(name, sql.Literal(role.password))
        )
        if not superuser:
            # PostgreSQL ≥ 16 gives the creator only ADMIN OPTION; giving the database away needs membership.
            admin.execute(sql.SQL("GRANT {} TO CURRENT_USER").format(name))
        give_database(admin, database, role)
        if not superuser:
            row = admin.execute("SELECT pg_has_role(%s, 'USAGE')", (role.name,)).fetchone()  # NOINHERIT: False
            role = replace(role, owner_rights=bool(row and row[0]))
    except psycopg.Error as exc:  # the message never holds the password: errors do not quote the statement
        raise ShadowUnavailable(
            f"cannot create the shadow's role {role.name} as {user}: {exc.diag.message_primary or exc}"
        ) from exc
    return role


def give_database(admin: Conn, database: str, role: ShadowRole) -> None:
    """Make ``role`` the owner of ``database`` (so it may create schemas and trusted extensions there)."""
    admin.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(database), sql.Identifier(role.name)))


def retire_role(admin: Conn, role: ShadowRole) -> None:
    """After the build: ``role`` keeps what it built but can never log in again (its password is gone too)."""
    admin.execute(sql.SQL("ALTER ROLE {} NOLOGIN PASSWORD NULL").format(sql.Identifier(role.name)))


def drop_role(admin: Conn, name: str) -> None:
    """Drop the shadow's role after its database; a failure here must not hide the build's own error."""
    with contextlib.suppress(psycopg.Error):  # without CREATEROLE no role was made
        admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


class Sessions:
    """The shadow's two sessions: ``restricted`` (the shadow role; everything runs here) and ``connecting``
    (the connecting role; only what needs its rights). Without a shadow role both are the same session."""

    def __init__(self, url: str, role: ShadowRole | None, notes: list[str]) -> None:
        self.connecting = psycopg.connect(url, autocommit=True)
        self.restricted = self.connecting
        self._url, self._role, self._switch = url, role, False
        self._trusted: dict[str, bool] = {}
        self._privileged_extensions: set[str] = set()
        if role is None:
            return
        try:
            self.restricted = self.another()
        except psycopg.OperationalError as exc:
            # pg_hba.conf may refuse password logins for new roles: switch role instead. The desired DDL cannot
            # switch back (the guard refuses SET/RESET ROLE, SET SESSION AUTHORIZATION and set_config).
            reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            notes.append(
                f"the shadow server refused a login as {role.name} ({mask(reason)}), so the desired DDL "
                "ran after SET ROLE on the connecting session; allow password logins for roles named "
                "schemawright_shadow_* in pg_hba.conf (docs/operations.md, the shadow role)"
            )
            self._switch = True
            self.restricted = self.another()

    def another(self) -> Conn:
        """A new session like ``restricted`` (the build's helper session: shadow/helper.py)."""
        if self._role is None:
            return psycopg.connect(self._url, autocommit=True)
        if not self._switch:
            return psycopg.connect(self._url, autocommit=True, user=self._role.name, password=self._role.password)
        conn = psycopg.connect(self._url, autocommit=True)
        conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(self._role.name)))
        return conn

    def close(self) -> None:
        """Close both sessions."""
        self.restricted.close()
        self.connecting.close()

    def for_statement(self, statement: Statement) -> list[Conn]:
        """The sessions ``statement`` runs on: settings on both (they shape the statements after them)."""
        if self.restricted is self.connecting:
            return [self.connecting]
        if statement.effect == "setting":
            return [self.restricted, self.connecting]
        return [self.connecting if self.needs_connecting_role(statement) else self.restricted]

    def needs_connecting_role(self, statement: Statement) -> bool:
        """Whether ``statement`` needs the connecting role's rights (a privileged rule, an untrusted extension)."""
        if self.restricted is self.connecting:
            return False
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
                (extension,),
            ).fetchone()
            self._trusted[extension] = bool(row and row[0])
        return self._trusted[extension]


# CREATE EXTENSION / COMMENT ON EXTENSION / ALTER EXTENSION and the extension's name (guard-accepted statements).
_EXTENSION_STATEMENT = re.compile(
    r"\s*(?:(?P<create>create\s+extension(?:\s+if\s+not\s+exists)?)|comment\s+on\s+extension|alter\s+extension)"
    r"\s+(?:\"(?P<quoted>(?:[^\"]|\"\")+)\"|(?P<plain>[\w$]+))",
    re.IGNORECASE,
)


def _without_comments(text: str) -> str:
    return re.sub(r"--[^\n]*|/\*.*?\*/", " ", text[:4096], flags=re.DOTALL)


def release_role(admin: Conn, url: str, role: ShadowRole) -> None:
    """Give what ``role`` built in the database at ``url`` to the connecting role, then drop ``role``. Best
    effort: a failure here must not hide the build's own error (the database is dropped by its owner anyway)."""
    with contextlib.suppress(psycopg.Error), psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("REASSIGN OWNED BY {} TO CURRENT_USER").format(sql.Identifier(role.name)))
        conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role.name)))
    drop_role(admin, role.name)
