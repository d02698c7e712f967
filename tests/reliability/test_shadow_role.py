"""Defence in depth: the desired DDL runs in the shadow under a role of its own with no rights beyond its
database, so even a statement the SQL guard missed cannot read server files, run programs, reach other
databases or take more rights — PostgreSQL itself refuses.

These tests hand dangerous statements straight to the shadow (:func:`shadow_database` does not guard; the
engine guards before it), bypassing the guard on purpose, on an embedded server whose connecting role is a
superuser — the worst case.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import psycopg
import pytest
from psycopg import sql

from schemawright.connect.embedded import EmbeddedServer
from schemawright.errors import ShadowBuildError
from schemawright.guard import Statement
from schemawright.shadow import templates
from schemawright.shadow.build import shadow_database
from schemawright.shadow.templates import PREFIX as TEMPLATE_PREFIX

# Each of these would read a file, run a program, reach another database, change the server or take more rights
# if it ran as a superuser.
DANGEROUS = [
    "COPY (SELECT 1) TO PROGRAM 'id'",
    "CREATE TABLE loot (line text);\nCOPY loot FROM '/etc/passwd'",
    "COPY (SELECT 1) TO '/tmp/schemawright-shadow-escape'",
    "CREATE TABLE loot AS SELECT pg_read_file('/etc/passwd') AS line",
    "CREATE TABLE loot AS SELECT pg_read_binary_file('/etc/passwd') AS line",
    "CREATE TABLE loot AS SELECT pg_ls_dir('.') AS name",
    "CREATE TABLE loot AS SELECT pg_stat_file('postgresql.conf') AS s",
    "CREATE TABLE loot AS SELECT lo_import('/etc/passwd') AS oid",
    "CREATE TABLE loot AS SELECT lo_export(0, '/tmp/schemawright-shadow-escape') AS n",
    # An extension the guard missed (a top-level CREATE EXTENSION is only ever one the guard allowed): run at
    # build time from a DO block or from a function a default calls.
    "DO $$ BEGIN CREATE EXTENSION dblink; END $$",
    "DO $$ BEGIN CREATE EXTENSION postgres_fdw; END $$",
    "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN CREATE EXTENSION file_fdw; RETURN 1; END $$;\n"
    "CREATE TABLE loot (a int DEFAULT f());\nINSERT INTO loot DEFAULT VALUES",
    "CREATE FUNCTION escape() RETURNS int AS '/usr/lib/libc.so.6', 'system' LANGUAGE c",
    "CREATE LANGUAGE evil HANDLER plpgsql_call_handler",
    "ALTER SYSTEM SET archive_command = 'id'",
    "CREATE TABLE loot AS SELECT set_config('log_min_messages', 'debug5', false) AS v",
    "CREATE TABLE loot AS SELECT pg_reload_conf() AS ok",
    "CREATE TABLE loot AS SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE pid <> pg_backend_pid()",
    "SET ROLE postgres",
    "SET SESSION AUTHORIZATION postgres",
    "CREATE ROLE intruder SUPERUSER LOGIN",
    "ALTER ROLE CURRENT_USER SUPERUSER",
    "GRANT pg_read_server_files TO CURRENT_USER",
    "GRANT pg_execute_server_program TO CURRENT_USER",
    "CREATE DATABASE intruder",
    "DROP DATABASE postgres",
    "CREATE EVENT TRIGGER spy ON ddl_command_start EXECUTE FUNCTION pg_catalog.now()",
    "LOAD '/usr/lib/libc.so.6'",
    "CREATE SUBSCRIPTION leak CONNECTION 'dbname=postgres' PUBLICATION p",
    "CREATE TABLE loot AS SELECT rolpassword FROM pg_authid",
    "DO $$ BEGIN EXECUTE 'COPY (SELECT 1) TO PROGRAM ''id'''; END $$",
    "ALTER DATABASE postgres OWNER TO CURRENT_USER",
]

# How PostgreSQL words a refusal for want of rights (never "does not exist": that would prove nothing).
REFUSALS = (
    "permission denied",
    "must be superuser",
    "must be owner",
    "must have",
    "must be able to",
    "not allowed",
    "only superusers",
    "access to library",
    "must be a superuser",
)


@pytest.fixture
def no_shadow_roles_left(shadow_roles: Callable[[], dict[str, tuple[bool, list[str]]]]) -> Iterator[None]:
    """After the test, a shadow role is left only as the owner of a kept template, and none can log in."""
    yield
    stray = {
        role: (login, owned)
        for role, (login, owned) in shadow_roles().items()
        if login or not owned or not all(d.startswith(TEMPLATE_PREFIX) for d in owned)
    }
    assert stray == {}, "a shadow's role outlived its shadow, or can still log in"


def _refusal(server_url: str, statement: str) -> str | None:
    """PostgreSQL's refusal of ``statement`` (several: split at a semicolon ending a line) run in a shadow, or None."""
    try:
        with shadow_database(server_url, statement.split(";\n"), source="hostile.sql"):
            return None
    except ShadowBuildError as error:
        return str(error)


def test_dangerous_statements_are_refused_by_postgresql_in_the_shadow(
    pg_server: EmbeddedServer, no_shadow_roles_left: None, reliability: Callable[..., None]
) -> None:
    refused = {statement: _refusal(pg_server.url(), statement) for statement in DANGEROUS}
    unclear = {s: e for s, e in refused.items() if e is None or not any(r in e.lower() for r in REFUSALS)}
    reliability(
        "shadow.dangerous-statements",
        section="shadow",
        unit="statements",
        title="dangerous statements run in a shadow without the guard (files, programs, other databases, "
        "server settings, roles), refused by PostgreSQL",
        tried=len(DANGEROUS),
        passed=len(DANGEROUS) - len(unclear),
    )
    assert unclear == {}


def test_the_shadow_is_built_by_a_role_without_rights_that_owns_only_it(
    pg_server: EmbeddedServer, no_shadow_roles_left: None
) -> None:
    # What the build saw of itself, written down while it ran (the role is gone once the build is handed over).
    statements = [
        "CREATE EXTENSION citext",
        "CREATE TABLE t (id int PRIMARY KEY, email citext)",
        "CREATE TABLE built_by AS SELECT current_user::text AS name, current_database()::text AS db, "
        "r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls, r.rolreplication, r.rolinherit, "
        "(SELECT count(*) FROM pg_auth_members m WHERE m.member = r.oid) AS memberships, "
        "(SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) AS db_owner "
        "FROM pg_roles r WHERE r.rolname = current_user",
    ]
    with (
        shadow_database(pg_server.url(), statements, source="doc.yaml", reuse=False) as url,
        psycopg.connect(url) as conn,
    ):
        row = conn.execute(
            "SELECT name, db, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication, rolinherit, "
            "memberships, db_owner FROM built_by"
        ).fetchone()
    assert row is not None
    name, database, *rights, inherits, memberships, db_owner = row
    assert name == database and name.startswith("schemawright_shadow_")
    assert rights == [False, False, False, False, False]
    # A member of no role, so inheriting gives it only what its database's owner gets through pg_database_owner:
    # on PostgreSQL 15 a NOINHERIT owner may not create tables in the public schema (reproduced on 15.18).
    assert inherits and memberships == 0
    assert db_owner == name


def test_what_the_platform_allowed_beyond_an_ordinary_role_runs_as_the_connecting_role(
    pg_server: EmbeddedServer, no_shadow_roles_left: None
) -> None:
    """An extension the server does not trust, and a statement a privileged override let through."""
    statements = [
        "CREATE EXTENSION bloom",  # not trusted: needs the connecting role's rights
        "COMMENT ON EXTENSION bloom IS 'index access method'",
        "CREATE TABLE t (a int)",
        "CREATE INDEX t_bloom ON t USING bloom (a)",
        Statement(
            "CREATE FUNCTION t_len(text) RETURNS int LANGUAGE internal IMMUTABLE AS 'textlen'", privileged=True
        ),  # LANGUAGE internal: only a superuser may
        "CREATE TABLE built_by AS SELECT current_user::text AS name",
    ]
    with shadow_database(pg_server.url(), statements, source="doc.yaml") as url, psycopg.connect(url) as conn:
        built_by = conn.execute("SELECT name FROM built_by").fetchone()
        privileged = conn.execute(
            "SELECT (SELECT count(*) FROM pg_proc WHERE proname = 't_len'), "
            "(SELECT count(*) FROM pg_class WHERE relname = 't_bloom')"
        ).fetchone()
    assert built_by is not None and built_by[0].startswith("schemawright_shadow_")
    assert privileged == (1, 1)  # ran, as the connecting role


def _login_role(pg_server: EmbeddedServer, name: str, rights: str) -> str:
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN " + rights).format(sql.Identifier(name)))
    return pg_server.url().replace("postgresql://postgres:", f"postgresql://{name}:", 1)


def test_a_connecting_role_with_createrole_but_not_superuser_gets_a_shadow_role(
    pg_server: EmbeddedServer, no_shadow_roles_left: None
) -> None:
    url = _login_role(pg_server, "platform_admin", "CREATEDB CREATEROLE")
    notes: list[str] = []
    statements = ["CREATE TABLE t (a int)", "CREATE TABLE built_by AS SELECT current_user::text AS name"]
    with shadow_database(url, statements, source="doc.yaml", notes=notes) as shadow, psycopg.connect(shadow) as conn:
        built_by = conn.execute("SELECT name FROM built_by").fetchone()
    assert built_by is not None and built_by[0].startswith("schemawright_shadow_")
    assert notes == []


def test_without_createrole_the_shadow_runs_as_the_connecting_role_and_says_what_to_grant(
    pg_server: EmbeddedServer,
) -> None:
    url = _login_role(pg_server, "plain_planner", "CREATEDB")
    notes: list[str] = []
    with (
        shadow_database(url, ["CREATE TABLE t (a int)"], source="doc.yaml", notes=notes) as shadow,
        psycopg.connect(shadow) as conn,
    ):
        owner = conn.execute("SELECT tableowner FROM pg_tables WHERE tablename = 't'").fetchone()
    assert owner == ("plain_planner",)
    assert any("ALTER ROLE plain_planner CREATEROLE" in note for note in notes)


PLANNER = """
import sys, time
from schemawright.shadow.build import connect_admin, scratch_database

with connect_admin(sys.argv[1]) as admin:
    with scratch_database(admin, sys.argv[1], sys.argv[2:], "doc.sql", []):
        print("built", flush=True)
        time.sleep(120)
"""


def _shadows(admin: psycopg.Connection[tuple[object, ...]]) -> set[str]:
    rows = admin.execute("SELECT datname FROM pg_database WHERE datname LIKE 'schemawright\\_shadow\\_%'").fetchall()
    return {str(name) for (name,) in rows}


def _until(what: str, check: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}"
        time.sleep(0.05)


def test_what_a_killed_planner_left_is_swept_and_a_running_one_is_not_touched(
    pg_server: EmbeddedServer,
    no_shadow_roles_left: None,
    shadow_roles: Callable[[], dict[str, tuple[bool, list[str]]]],
) -> None:
    """A planner killed with SIGKILL (an evicted pod, the OOM killer) cannot drop its shadow database, nor the
    role building it, which can still log in. The next plan on the server drops them, and the next template
    eviction too; the shadow of a planner still running (idle between its build and its inspection) is kept."""
    url = pg_server.url()

    def planner(*statements: str) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-c", PLANNER, url, *statements], stdout=subprocess.PIPE, text=True)

    with psycopg.connect(url, autocommit=True) as admin:
        before = _shadows(admin)
        running = planner("CREATE TABLE kept (id int)")
        assert running.stdout is not None and running.stdout.readline() == "built\n"
        (kept,) = _shadows(admin) - before
        killed = planner("CREATE TABLE a (id int)", "SELECT pg_sleep(1)", "CREATE TABLE b (id int)")
        _until("the killed planner's build", lambda: len(_shadows(admin) - before) == 2)
        (left,) = _shadows(admin) - before - {kept}
        _until("its role", lambda: shadow_roles().get(left, (False, []))[0])  # building: it can log in
        killed.kill()
        killed.wait()
        _until(  # its session in the shadow ends once pg_sleep returns and finds no client
            "its sessions to end",
            lambda: (
                admin.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (left,)).fetchone() == (0,)
            ),
        )
        with shadow_database(url, ["CREATE TABLE c (id int)"], source="next.sql", reuse=False):
            pass  # the next plan's shadow: built after the sweep
        assert _shadows(admin) - before == {kept}
        assert left not in shadow_roles()
        running.kill()
        running.wait()

        def swept_at_eviction() -> bool:
            templates.evict(admin, 8)
            return not _shadows(admin) - before

        _until("the killed running planner's shadow to go at an eviction", swept_at_eviction)
