"""Guard rules and platform overrides; pg_dump's own output; ordinary DDL the allow-list now knows.

No database: the guard is pure (test_sqlguard.py makes connections impossible; these tests never open one).
"""

from __future__ import annotations

import pytest

from schemawright.errors import GuardError
from schemawright.guard import (
    RULES,
    Overrides,
    declared_schemas,
    guard_script,
    override_flag,
    overrides,
    rule_of,
)
from test_sqlguard import PRELUDE, REJECTED


def refusal(sql: str, **kwargs: object) -> GuardError:
    with pytest.raises(GuardError) as caught:
        guard_script(sql, origin="x", **kwargs)  # type: ignore[arg-type]
    return caught.value


# --------------------------------------------------------------------------------------------------------
# Every refusal names its rule and the flag that allows it.


@pytest.mark.parametrize(("sql", "kind", "reason"), REJECTED, ids=[case[0][:60] for case in REJECTED])
def test_every_refusal_names_a_rule_and_how_to_allow_it(sql: str, kind: str, reason: str) -> None:
    error = refusal(PRELUDE + sql)
    rule = rule_of(error.rule)
    assert rule is not None, error.rule
    if rule.overridable:
        assert error.override.startswith(("--allow ", "--allow-extension "))
        assert str(error).endswith(f"[rule {error.rule}; allow with {error.override}]")
    else:
        assert error.override == ""
        assert str(error).endswith(f"[rule {error.rule}; not overridable]")


NAMED: list[tuple[str, str, str]] = [
    # (sql, rule, the flag the message names)
    ("DO $$ BEGIN PERFORM 1; END $$", "do-block", "--allow do-block"),
    (
        "CREATE FUNCTION app.f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'SELECT 1'; END $$",
        "dynamic-sql",
        "--allow dynamic-sql",
    ),
    ("GRANT SELECT ON app.t TO PUBLIC", "grant-to-public", "--allow grant-to-public"),
    (
        "CREATE FUNCTION app.f() RETURNS int LANGUAGE plpython3u AS 'return 1'",
        "untrusted-language",
        "--allow untrusted-language",
    ),
    ("CREATE FUNCTION app.f() RETURNS int LANGUAGE c AS 'lib', 'f'", "c-language", "--allow c-language"),
    (
        "CREATE FUNCTION app.f() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1'",
        "security-definer-search-path",
        "--allow security-definer-search-path",
    ),
    ("CREATE EXTENSION pgstattuple", "extension-not-allowed", "--allow-extension pgstattuple"),
    (
        "CREATE ACCESS METHOD m TYPE TABLE HANDLER heap_tableam_handler",
        "statement-kind:create-access-method",
        "--allow statement-kind:create-access-method",
    ),
    (
        "CREATE FUNCTION app.f() RETURNS int LANGUAGE plpgsql AS $$ DECLARE x app.mood[]; BEGIN RETURN 1; END $$",
        "unanalysable-body",
        "--allow unanalysable-body",
    ),
    ("SET work_mem = '1GB'", "session-setting", "--allow session-setting"),
    ("CREATE RULE r AS ON INSERT TO app.t DO INSTEAD NOTHING", "create-rule", "--allow create-rule"),
]


@pytest.mark.parametrize(("sql", "rule", "flag"), NAMED, ids=[case[1] for case in NAMED])
def test_refusal_names_the_exact_flag(sql: str, rule: str, flag: str) -> None:
    error = refusal(sql)
    assert (error.rule, error.override) == (rule, flag)
    assert f"allow with {flag}]" in str(error)


@pytest.mark.parametrize(("sql", "rule", "flag"), NAMED, ids=[case[1] for case in NAMED])
def test_the_flag_allows_exactly_that_rule(sql: str, rule: str, flag: str) -> None:
    allowed = overrides(extensions=["pgstattuple"]) if rule == "extension-not-allowed" else overrides(rules=[rule])
    script = guard_script(sql, origin="x", overrides=allowed)
    assert [s.text for s in script.statements] == [sql]
    assert any(rule in note or "pgstattuple" in note for note in script.notes)
    # ... and nothing else: the same override does not let a COPY through
    assert refusal(sql + ";\nCOPY app.t FROM '/etc/passwd'", overrides=allowed).rule == "copy"


def test_rules_that_need_superuser_say_so_when_allowed() -> None:
    script = guard_script(
        "CREATE FUNCTION app.f() RETURNS int LANGUAGE c AS 'lib', 'f'",
        origin="x",
        overrides=overrides(rules=["c-language"]),
    )
    assert any("superuser" in note for note in script.notes)
    script = guard_script("CREATE EXTENSION pgstattuple", origin="x", overrides=overrides(extensions=["pgstattuple"]))
    assert any("--allow-extension pgstattuple" in note and "rights" in note for note in script.notes)


def test_dynamic_sql_allowed_in_a_trigger_function_warns_about_backfills() -> None:
    sql = (
        "CREATE FUNCTION app.audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "EXECUTE format('INSERT INTO app.log VALUES (%L)', TG_OP); RETURN NEW; END $$"
    )
    script = guard_script(sql, origin="x", overrides=overrides(rules=["dynamic-sql"]))
    assert any("backfill" in note and "role that applies the plan" in note for note in script.notes)


def test_an_allowed_unanalysable_body_is_still_scanned() -> None:
    declare = "CREATE FUNCTION app.f() RETURNS int LANGUAGE plpgsql AS $$ DECLARE x app.mood[]; BEGIN "
    allowed = overrides(rules=["unanalysable-body"])
    assert refusal(declare + "EXECUTE 'SELECT 1'; RETURN 1; END $$", overrides=allowed).rule == "dynamic-sql"
    error = refusal(declare + "PERFORM pg_read_file('x'); RETURN 1; END $$", overrides=allowed)
    assert error.rule == "forbidden-function" and "pg_read_file" in error.reason
    both = overrides(rules=["unanalysable-body", "dynamic-sql"])
    assert guard_script(declare + "EXECUTE 'SELECT 1'; RETURN 1; END $$", origin="x", overrides=both).statements


def test_a_body_typed_with_a_user_schema_is_analysed_not_refused() -> None:
    # libpg_query cannot look up app.mood ("LookupExplicitNamespace only supports pg_catalog and public")
    sql = "CREATE FUNCTION app.f() RETURNS int LANGUAGE plpgsql AS $$ DECLARE m app.mood; BEGIN RETURN 1; END $$"
    assert guard_script(sql, origin="x").statements
    copy = sql.replace("RETURN 1;", "COPY app.t TO '/tmp/x'; RETURN 1;")
    assert refusal(copy).rule == "copy"


def test_unknown_or_fixed_rules_cannot_be_allowed() -> None:
    with pytest.raises(ValueError, match=r"unknown guard rule 'no-such-rule'.*do-block"):
        overrides(rules=["no-such-rule"])
    with pytest.raises(ValueError, match="'copy' cannot be overridden"):
        overrides(rules=["copy"])
    assert overrides(rules=["statement-kind:create-access-method"]).rules == {"statement-kind:create-access-method"}


def test_the_rule_table_is_consistent() -> None:
    assert all(name == rule.name and name == name.lower() and " " not in name for name, rule in RULES.items())
    assert override_flag("do-block") == "--allow do-block"
    assert override_flag("copy") == ""
    assert override_flag("extension-not-allowed", "pgstattuple") == "--allow-extension pgstattuple"
    assert Overrides(extensions=frozenset({"pgstattuple"})).allowed_extensions >= {"pgstattuple", "citext"}


# --------------------------------------------------------------------------------------------------------
# pg_dump output as it comes.

DUMP = """\
--
-- PostgreSQL database dump
--

\\restrict 1hDb2SWdDbUFPeLbC4IQcPLXpA2rnGVNUFl4hZCT3yhTofFqJtkVQh7Lq1M7dDt

-- Dumped from database version 18.1

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET transaction_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

CREATE SCHEMA app;
ALTER SCHEMA app OWNER TO app_owner;

SET default_tablespace = '';
SET default_table_access_method = heap;

CREATE TABLE app.t (id integer NOT NULL);
ALTER TABLE app.t OWNER TO app_owner;
GRANT SELECT ON TABLE app.t TO app_reader;

--
-- PostgreSQL database dump complete
--

\\unrestrict 1hDb2SWdDbUFPeLbC4IQcPLXpA2rnGVNUFl4hZCT3yhTofFqJtkVQh7Lq1M7dDt

"""


def test_a_pg_dump_preamble_and_restrict_lines_pass() -> None:
    script = guard_script(DUMP, origin="dump.sql")
    effects = [s.effect for s in script.statements]
    assert effects.count("setting") == 13
    assert effects.count("ownership") == 2 and effects.count("privilege") == 1
    assert not any("restrict" in s.text for s in script.statements)
    assert script.schemas == ("app",)
    assert any("2 ownership statement(s)" in note and "not managed" in note for note in script.notes)
    create_schema = next(s for s in script.statements if s.text == "CREATE SCHEMA app")
    assert "IF NOT EXISTS" in create_schema.sql


def test_positions_stay_right_after_a_restrict_line() -> None:
    error = refusal(DUMP.replace("CREATE TABLE app.t", "COPY app.t FROM STDIN;\nCREATE TABLE app.t"))
    line = DUMP.splitlines().index("CREATE TABLE app.t (id integer NOT NULL);") + 1
    assert (error.line, error.column, error.rule) == (line, 1, "copy")


def test_other_meta_commands_are_refused_naming_the_line() -> None:
    error = refusal("CREATE TABLE t (a int);\n\\connect other\nCREATE TABLE u (a int);\n")
    assert (error.line, error.rule, error.override) == (2, "psql-meta-command", "")
    assert "\\connect" in error.kind


def test_a_restrict_line_inside_a_function_body_is_text() -> None:
    sql = "CREATE FUNCTION app.f() RETURNS text LANGUAGE sql AS $$\nSELECT '\n\\restrict abc\n'::text $$"
    assert guard_script(sql, origin="x").statements[0].text == sql


@pytest.mark.parametrize(
    "sql",
    [
        "SET work_mem = '1GB'",
        "SET standard_conforming_strings = off",
        "SET client_encoding = 'LATIN1'",
        "RESET ALL",
        "SELECT pg_catalog.set_config('search_path', '', true)",
        "SELECT pg_catalog.set_config('role', 'postgres', false)",
        "SELECT set_config('search_path', '', false), 1",
    ],
)
def test_other_settings_stay_refused(sql: str) -> None:
    error = refusal(sql)
    assert error.rule in ("session-setting", "top-level-query"), error


def test_set_search_path_decides_where_unqualified_objects_go() -> None:
    sql = "CREATE SCHEMA hr;\nSET search_path = hr, public;\nCREATE TABLE staff (id int);\nCREATE TABLE public.x ()"
    assert declared_schemas(sql) == ("hr", "public")
    assert declared_schemas("CREATE TABLE t (a int)") == ("public",)
    assert declared_schemas("CREATE EXTENSION plpgsql WITH SCHEMA pg_catalog") == ()
    assert declared_schemas("not sql at all") == ()


def test_owner_and_authorization_are_accepted_and_ignored() -> None:
    script = guard_script(
        "CREATE SCHEMA s AUTHORIZATION bob;\nALTER FUNCTION app.f() OWNER TO bob;\n"
        "ALTER TEXT SEARCH CONFIGURATION app.c OWNER TO bob",
        origin="x",
    )
    assert "AUTHORIZATION" not in script.statements[0].sql
    assert [s.runs_in_shadow for s in script.statements] == [True, False, False]


def test_rails_structure_sql_plpgsql_extension_and_schema_migrations_rows_pass_but_do_not_run() -> None:
    script = guard_script(
        "CREATE EXTENSION IF NOT EXISTS plpgsql WITH SCHEMA pg_catalog;\n"
        "COMMENT ON EXTENSION plpgsql IS 'PL/pgSQL procedural language';\n"
        'SET search_path TO "$user", public;\n'
        "INSERT INTO \"schema_migrations\" (version) VALUES\n('20190101000000'),\n('2019');",
        origin="structure.sql",
    )
    assert [s.effect for s in script.statements] == ["builtin", "builtin", "setting", "data"]
    assert not any(s.runs_in_shadow for s in script.statements if s.effect in ("builtin", "data"))
    assert any("schema_migrations" in note and "not applied" in note for note in script.notes)


# --------------------------------------------------------------------------------------------------------
# Ordinary DDL real schemas use.

ORDINARY_DDL = """\
CREATE FUNCTION app.int_add(int, int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 + $2';
CREATE AGGREGATE app.total(int) (SFUNC = app.int_add, STYPE = int, INITCOND = '0');
CREATE FUNCTION app.eq_ci(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT lower($1) = lower($2)';
CREATE OPERATOR app.=~ (LEFTARG = text, RIGHTARG = text, FUNCTION = app.eq_ci, COMMUTATOR = OPERATOR(app.=~));
CREATE OPERATOR FAMILY app.ci_ops USING btree;
CREATE OPERATOR CLASS app.ci_int_ops FOR TYPE int USING btree FAMILY app.ci_ops AS
    OPERATOR 1 <, OPERATOR 3 =, FUNCTION 1 btint4cmp(int, int);
ALTER OPERATOR FAMILY app.ci_ops USING btree ADD OPERATOR 5 > (int, int);
CREATE TEXT SEARCH DICTIONARY app.en_stem (TEMPLATE = snowball, LANGUAGE = english);
CREATE TEXT SEARCH CONFIGURATION app.en (PARSER = default);
ALTER TEXT SEARCH CONFIGURATION app.en ADD MAPPING FOR asciiword WITH app.en_stem;
ALTER TEXT SEARCH CONFIGURATION app.en ADD MAPPING FOR hword WITH simple;
CREATE CAST (app.mood AS text) WITH INOUT;
COMMENT ON AGGREGATE app.total(int) IS 'sum';
COMMENT ON OPERATOR app.=~ (text, text) IS 'case-insensitive equality';
COMMENT ON TEXT SEARCH CONFIGURATION app.en IS 'English';
ALTER AGGREGATE app.total(int) SET SCHEMA util;
ALTER TEXT SEARCH DICTIONARY app.en_stem SET SCHEMA util;
ALTER OPERATOR app.=~ (text, text) OWNER TO bob;
"""


def test_aggregates_operators_text_search_and_casts_are_allowed() -> None:
    script = guard_script(ORDINARY_DDL, origin="x")
    assert len(script.statements) == 18
