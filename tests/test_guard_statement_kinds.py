"""The statement-kind table: one row per kind of statement, from which the guard decides, the plan steps take their
names and docs/sql-allow-list.md is generated. No database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from postgast import pg_query_pb2 as pb

from schemawright.classify.statements import classify
from schemawright.errors import GuardError
from schemawright.guard import RULES, guard_script
from schemawright.guard.check import CHECKS
from schemawright.guard.docs import page
from schemawright.guard.statement_kinds import BY_NODE, CHECKED, REFUSED, STATEMENT_KINDS
from schemawright.inspect.catalog import Catalog

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "sql-allow-list.md"
# Parse-tree nodes named *_stmt that never stand alone as a statement of a script.
NOT_STATEMENTS = {"raw_stmt", "set_operation_stmt", "plassign_stmt", "replica_identity_stmt"}


def test_every_statement_the_parser_knows_has_one_row() -> None:
    nodes = [f.name for f in pb.Node.DESCRIPTOR.oneofs_by_name["node"].fields if f.name.endswith("_stmt")]
    assert sorted(set(nodes) - NOT_STATEMENTS - set(BY_NODE)) == []
    assert len(BY_NODE) == len(STATEMENT_KINDS), "a node has two rows"


def test_rows_say_why_a_kind_is_refused_and_what_decides_a_checked_one() -> None:
    assert {row.node for row in STATEMENT_KINDS if row.decision == CHECKED} == set(CHECKS)
    for row in STATEMENT_KINDS:
        assert row.words, row.node
        assert (row.reason is None) == (row.rule == ""), row.node
        assert not row.rule or row.rule in RULES, row.node
        if row.decision == CHECKED:
            assert row.when, f"{row.node}: say what its checks require"
        if row.reason is not None:
            assert str(row.reason) == (
                f"{row.reason.why}; {row.reason.instead}" if row.reason.instead else row.reason.why
            )


# Full messages of refused statements, byte for byte as before the statement-kind table (what users read).
REFUSALS = [
    (
        "COPY app.t FROM '/etc/passwd'",
        "COPY: COPY moves data between the server and files, programs or the client, and defines nothing; load data with "
        "your application or a data job [rule copy; not overridable]",
    ),
    (
        "DO $$ BEGIN NULL; END $$",
        "DO block: an anonymous code block runs arbitrary procedural code once and leaves nothing declared behind; write "
        "a function (LANGUAGE sql or plpgsql) if you need the logic [rule do-block; allow with --allow do-block]",
    ),
    (
        "ALTER SYSTEM SET work_mem = '1GB'",
        "ALTER SYSTEM: it rewrites the server's configuration for every database; server settings belong to the platform "
        "[rule server-config; not overridable]",
    ),
    (
        "CREATE ROLE admin",
        "CREATE ROLE: roles are shared by every database of the cluster; create them with your platform tooling and "
        "refer to them by name in GRANT and policies [rule role-management; not overridable]",
    ),
    (
        "CREATE DATABASE other",
        "CREATE DATABASE: schemawright manages what is inside the target database, not databases themselves [rule "
        "database; not overridable]",
    ),
    (
        "CREATE TABLESPACE fast LOCATION '/ssd'",
        "CREATE TABLESPACE: tablespaces are storage locations on the server chosen by its administrator (and are missing "
        "from the shadow database); leave the tablespace out [rule tablespace; not overridable]",
    ),
    (
        "CREATE LANGUAGE plperlu",
        "CREATE EXTENSION plperlu: 'plperlu' is not on the extension allow-list (bloom, btree_gin, btree_gist, citext, "
        "cube, earthdistance, fuzzystrmatch, hstore, intarray, isn, ltree, pg_trgm, pgcrypto, tablefunc, "
        "tsm_system_rows, unaccent, uuid-ossp, vector); extensions run native code with the rights of their creator, so "
        "only trusted ones are allowed — ask the platform team to allow it [rule extension-not-allowed; allow with "
        "--allow-extension plperlu]",
    ),
    (
        "LOAD 'auto_explain'",
        "LOAD: LOAD puts a shared library into the server process [rule load-library; not overridable]",
    ),
    (
        "CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw",
        "CREATE SERVER: foreign data reaches outside this database (other servers, files); it is not allowed in a schema "
        "[rule foreign-data; not overridable]",
    ),
    (
        "CREATE PUBLICATION p FOR ALL TABLES",
        "CREATE PUBLICATION: publications and subscriptions configure replication, which is the platform's job [rule "
        "replication; not overridable]",
    ),
    (
        "BEGIN",
        "BEGIN: schemawright decides transaction boundaries itself (each step runs in a transaction where PostgreSQL "
        "allows); remove it [rule transaction-control; not overridable]",
    ),
    (
        "VACUUM app.t",
        "VACUUM: maintenance commands define nothing and can hold locks for a long time; run them from operations "
        "tooling [rule maintenance; not overridable]",
    ),
    (
        "TRUNCATE app.t",
        "TRUNCATE: TRUNCATE deletes every row: it changes data, not the schema [rule data-change; allow with --allow "
        "data-change]",
    ),
    (
        "LISTEN jobs",
        "LISTEN: LISTEN and NOTIFY are messaging between sessions, not schema [rule session-command; not overridable]",
    ),
    (
        "PREPARE q AS SELECT 1",
        "PREPARE: prepared statements are session state that can run anything; they define nothing [rule "
        "session-command; not overridable]",
    ),
    (
        "CALL app.p()",
        "CALL: CALL runs a procedure now; schemawright applies definitions only [rule session-command; not overridable]",
    ),
    (
        "LOCK TABLE app.t",
        "LOCK: schemawright takes the locks its steps need itself (with spec.policy.lockTimeout) [rule session-command; "
        "not overridable]",
    ),
    (
        "SHOW work_mem",
        "SHOW: it acts on the current session or server and defines nothing [rule session-command; not overridable]",
    ),
    (
        "SECURITY LABEL ON TABLE app.t IS 'secret'",
        "SECURITY LABEL: security labels belong to a label provider (such as SELinux) configured by the server "
        "administrator [rule security-label; not overridable]",
    ),
    (
        "CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION app.f()",
        "CREATE EVENT TRIGGER: event triggers fire on DDL anywhere in the database (schemawright's own steps included) "
        "and need superuser rights; use ordinary triggers on tables [rule event-trigger; not overridable]",
    ),
    (
        "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO reader",
        "ALTER DEFAULT PRIVILEGES: default privileges silently apply to objects created later by a role, which the "
        "document does not show; grant on the objects themselves (GRANT ... ON ALL TABLES IN SCHEMA ... is allowed) "
        "[rule default-privileges; allow with --allow default-privileges]",
    ),
    (
        "CREATE RULE r AS ON INSERT TO app.t DO INSTEAD NOTHING",
        "CREATE RULE: rules rewrite queries in surprising ways (a well-known footgun); use a trigger instead [rule "
        "create-rule; allow with --allow create-rule]",
    ),
    (
        "REFRESH MATERIALIZED VIEW app.mv",
        "REFRESH MATERIALIZED VIEW: refreshing a materialized view recomputes its data, an operational task; schedule it "
        "outside the schema (for example with pg_cron or your job runner) [rule refresh-materialized-view; allow with "
        "--allow refresh-materialized-view]",
    ),
    (
        "CREATE TABLE app.copy AS SELECT * FROM app.t",
        "CREATE TABLE ... AS: CREATE TABLE ... AS copies data; declare the table with its columns and load data "
        "separately [rule create-table-as; allow with --allow create-table-as]",
    ),
    (
        "UPDATE app.t SET id = 1",
        "UPDATE: it changes data, not the schema; schemawright applies schema definitions only (fill new columns with a "
        "column's `backfill`, load data with your application or a data job) [rule data-change; allow with --allow "
        "data-change]",
    ),
    (
        "SELECT 1",
        "SELECT: a top-level query defines nothing and can call any function; put queries in a view or a function [rule "
        "top-level-query; allow with --allow top-level-query]",
    ),
    (
        "CREATE ACCESS METHOD heap2 TYPE TABLE HANDLER heap_tableam_handler",
        "CREATE ACCESS METHOD: this kind of statement is not on the allow-list of schema definitions (see "
        "docs/sql-allow-list.md) [rule statement-kind:create-access-method; allow with --allow "
        "statement-kind:create-access-method]",
    ),
    (
        "SET ROLE admin",
        "SET ROLE: it changes the role the following statements run as; schemawright runs every statement as its own "
        "role [rule set-role; not overridable]",
    ),
    (
        "SET work_mem = '1GB'",
        "SET work_mem: session settings do not last and do not belong in a schema; lock and statement timeouts come from "
        "spec.policy (lockTimeout, statementTimeout) [rule session-setting; allow with --allow session-setting]",
    ),
    (
        "CREATE TEMPORARY TABLE tmp (id int)",
        "CREATE TEMPORARY TABLE: temporary objects vanish at the end of the session, so they cannot be part of a "
        "declared schema [rule temporary-object; not overridable]",
    ),
    (
        "CREATE EXTENSION dblink",
        "CREATE EXTENSION dblink: 'dblink' is not on the extension allow-list (bloom, btree_gin, btree_gist, citext, "
        "cube, earthdistance, fuzzystrmatch, hstore, intarray, isn, ltree, pg_trgm, pgcrypto, tablefunc, "
        "tsm_system_rows, unaccent, uuid-ossp, vector); extensions run native code with the rights of their creator, so "
        "only trusted ones are allowed — ask the platform team to allow it [rule extension-not-allowed; allow with "
        "--allow-extension dblink]",
    ),
    (
        "GRANT SELECT ON app.t TO PUBLIC",
        "GRANT ... TO PUBLIC: PUBLIC means every role of the cluster, now and in the future; grant to a named role "
        "instead [rule grant-to-public; allow with --allow grant-to-public]",
    ),
]


@pytest.mark.parametrize(("sql", "message"), REFUSALS, ids=[sql[:40] for sql, _ in REFUSALS])
def test_refusals_read_exactly_as_before(sql: str, message: str) -> None:
    with pytest.raises(GuardError) as caught:
        guard_script(sql, origin="doc.sql")
    assert str(caught.value) == f"doc.sql: statement 1 (line 1, column 1) is not allowed: {message}"


def test_a_refused_kind_allowed_in_bodies_passes_inside_a_function() -> None:
    assert BY_NODE["update_stmt"].decision == REFUSED and BY_NODE["update_stmt"].in_body
    body = "CREATE FUNCTION app.touch() RETURNS void LANGUAGE sql AS $$ UPDATE app.t SET id = id $$"
    assert len(guard_script(body, origin="doc.sql").statements) == 1


@pytest.mark.parametrize(
    ("sql", "node"),
    [
        ("CREATE VIEW v AS SELECT 1", "view_stmt"),
        ("CREATE TYPE mood AS ENUM ('ok')", "create_enum_stmt"),
        ("CREATE TYPE pair AS (a int, b int)", "composite_type_stmt"),
        ("CREATE SEQUENCE s", "create_seq_stmt"),
        ("COMMENT ON TABLE t IS 'x'", "comment_stmt"),
        ("GRANT SELECT ON t TO reader", "grant_stmt"),
        ("CREATE TABLE t (id int)", "create_stmt"),
        ("SET check_function_bodies = false", "variable_set_stmt"),
        ("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'", "create_function_stmt"),
    ],
)
def test_plan_steps_are_named_by_the_table(sql: str, node: str) -> None:
    assert classify(sql, Catalog(), Catalog()).kind == BY_NODE[node].step


def test_the_allow_list_page_is_generated_from_the_table() -> None:
    assert page(PAGE.read_text()) == PAGE.read_text(), f"{PAGE} is stale: run python scripts/gen_guard_docs.py"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_guard_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for row in STATEMENT_KINDS:
        assert f"| `{row.words}` |" in PAGE.read_text(), row.node
