"""Names are names: a table, column, index and constraint called ``"; DROP TABLE x; --`` (and names with quotes,
spaces, unicode and exactly 63 bytes) plan and apply as names — from a YAML document and from a SQL document —
through renames, a backfill, NOT NULL and new indexes, with rows in the tables and a canary table ``x`` that
an injected ``DROP TABLE x`` would remove.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path

import psycopg
import yaml
from psycopg import sql

from schemawright.cli.app import main
from schemawright.connect.embedded import EmbeddedServer

INJECTION = '"; DROP TABLE x; --'
QUOTED = 'it\'s "quoted"'
SPACED = "spaced  name"
UNICODE = "ünïcødé 🐘"
LONGEST = "é" * 31 + "x"  # 63 bytes: PostgreSQL's limit exactly
assert len(LONGEST.encode()) == 63
CHILD = "child table; DELETE FROM x"
COLUMNS = [INJECTION, QUOTED, SPACED, UNICODE, LONGEST]
NAMES = [
    INJECTION,
    QUOTED,
    SPACED,
    UNICODE,
    LONGEST,
    CHILD,
    "pk " + INJECTION,
    "unique 'it'",
    'check "this"',
    "idx; DROP TABLE x",
    'fk "parent" --',
    "renamed: " + INJECTION,
    "new; col",
    "new idx ' --",
]


# Declared by the documents too (so the plan keeps it): only an injected statement would drop it.
CANARY = {"name": "x", "columns": [{"name": "keep", "type": "text"}]}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table(renamed: bool) -> dict[str, object]:
    spaced = "renamed: " + INJECTION if renamed else SPACED
    columns: list[dict[str, object]] = [{"name": "id", "type": "bigint", "nullable": False, "identity": "always"}]
    columns += [{"name": c, "type": "text"} for c in COLUMNS if c != SPACED]
    columns.append({"name": spaced, "type": "text", **({"renamedFrom": SPACED} if renamed else {})})
    if renamed:
        columns.append(
            {"name": "new; col", "type": "text", "nullable": False, "backfill": f"coalesce({_q(QUOTED)}, 'none')"}
        )
        columns[2]["nullable"] = False  # QUOTED: NOT NULL after a validated check
    return {
        "name": INJECTION,
        "columns": columns,
        "primaryKey": {"name": "pk " + INJECTION, "columns": ["id"]},
        "uniques": [{"name": "unique 'it'", "columns": [UNICODE]}],
        "checks": [{"name": 'check "this"', "expression": f"{_q(spaced)} <> ''"}],
        "indexes": [{"name": "idx; DROP TABLE x", "columns": [{"name": LONGEST}]}]
        + ([{"name": "new idx ' --", "columns": [{"name": "new; col"}]}] if renamed else []),
    }


def _document(renamed: bool) -> str:
    child = {
        "name": CHILD,
        "columns": [
            {"name": "id", "type": "bigint", "nullable": False, "identity": "always"},
            {"name": "parent; id", "type": "bigint"},
        ],
        "primaryKey": {"columns": ["id"]},
        "foreignKeys": [
            {"name": 'fk "parent" --', "columns": ["parent; id"], "references": {"table": INJECTION, "columns": ["id"]}}
        ],
        "indexes": [{"name": "idx ' parent", "columns": [{"name": "parent; id"}]}],
    }
    doc = {
        "apiVersion": "schemawright.io/v1alpha1",
        "kind": "DatabaseSchema",
        "metadata": {"name": "names"},
        "spec": {"tables": [_table(renamed), child, CANARY]},
    }
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=10_000)


SQL_DOCUMENT = f"""\
CREATE TABLE x (keep text);
CREATE TABLE {_q(INJECTION)} (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT {_q("pk " + INJECTION)} PRIMARY KEY,
    {", ".join(f"{_q(c)} text" for c in COLUMNS)},
    CONSTRAINT {_q("unique 'it'")} UNIQUE ({_q(UNICODE)}),
    CONSTRAINT {_q('check "this"')} CHECK ({_q(SPACED)} <> '')
);
CREATE INDEX {_q("idx; DROP TABLE x")} ON {_q(INJECTION)} ({_q(LONGEST)});
COMMENT ON COLUMN {_q(INJECTION)}.{_q(QUOTED)} IS 'it''s; DROP TABLE x; --';
CREATE VIEW {_q("view " + INJECTION)} AS SELECT {_q(QUOTED)} FROM {_q(INJECTION)};
"""


def _cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue() + err.getvalue()


def _with_canary(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE x (keep text)")
        conn.execute("INSERT INTO x VALUES ('still here')")


def _live_names(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace UNION "
            "SELECT attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped UNION "
            "SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
        ).fetchall()
        assert conn.execute("SELECT keep FROM x").fetchall() == [("still here",)], "the canary table was touched"
    return {name for (name,) in rows}


def _insert(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        table = sql.Identifier(INJECTION)
        columns = sql.SQL(", ").join(sql.Identifier(c) for c in COLUMNS)
        for n in range(3):
            conn.execute(
                sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
                    table, columns, sql.SQL(", ").join(sql.Literal(f"{c} {n}") for c in COLUMNS)
                )
            )


def test_hostile_names_plan_and_apply_as_names_from_a_yaml_document(
    tmp_path: Path, make_database: Callable[[str], str], pg_server: EmbeddedServer, reliability: Callable[..., None]
) -> None:
    live = make_database("names")
    _with_canary(live)
    flags = ["--database", live, "--shadow-url", pg_server.url("postgres")]
    v1, v2 = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    v1.write_text(_document(renamed=False))
    v2.write_text(_document(renamed=True))
    code, output = _cli("apply", str(v1), *flags)
    assert code == 0, output
    _insert(live)
    with psycopg.connect(live, autocommit=True) as conn:
        conn.execute(
            sql.SQL("INSERT INTO {} ({}) SELECT id FROM {}").format(
                sql.Identifier(CHILD), sql.Identifier("parent; id"), sql.Identifier(INJECTION)
            )
        )
    code, output = _cli("apply", str(v2), *flags, "--allow-destructive")
    assert code == 0, output
    names = _live_names(live)
    expected = set(NAMES) - {SPACED}
    reliability(
        "identifiers.yaml-document",
        section="identifiers",
        unit="names",
        title="hostile names (SQL, quotes, spaces, unicode, 63 bytes) for tables, columns, indexes and "
        "constraints, through apply, rename, backfill and NOT NULL from YAML, rows and canary kept",
        tried=len(expected),
        passed=len(expected & names),
    )
    assert expected <= names
    with psycopg.connect(live) as conn:
        rows = conn.execute(
            sql.SQL("SELECT {}, {} FROM {} ORDER BY id").format(
                sql.Identifier("renamed: " + INJECTION), sql.Identifier("new; col"), sql.Identifier(INJECTION)
            )
        ).fetchall()
        children = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(CHILD))).fetchone()
    assert rows == [(f"{SPACED} {n}", f"{QUOTED} {n}") for n in range(3)]
    assert children == (3,)
    code, output = _cli("plan", str(v2), *flags)
    assert code == 0 and "0 step(s)" in output, output


def test_hostile_names_plan_and_apply_as_names_from_a_sql_document(
    tmp_path: Path, make_database: Callable[[str], str], pg_server: EmbeddedServer, reliability: Callable[..., None]
) -> None:
    live = make_database("names_sql")
    _with_canary(live)
    flags = ["--database", live, "--shadow-url", pg_server.url("postgres")]
    document = tmp_path / "names.sql"
    document.write_text(SQL_DOCUMENT)
    code, output = _cli("apply", str(document), *flags)
    assert code == 0, output
    _insert(live)
    document.write_text(SQL_DOCUMENT + f"CREATE INDEX {_q('new idx; --')} ON {_q(INJECTION)} ({_q(QUOTED)});\n")
    code, output = _cli("apply", str(document), *flags)
    assert code == 0, output
    names = _live_names(live)
    expected = {
        *COLUMNS,
        INJECTION,
        "pk " + INJECTION,
        "unique 'it'",
        'check "this"',
        "idx; DROP TABLE x",
        "view " + INJECTION,
        "new idx; --",
    }
    reliability(
        "identifiers.sql-document",
        section="identifiers",
        unit="names",
        title="the same hostile names from a SQL document, applied with rows and a canary table kept",
        tried=len(expected),
        passed=len(expected & names),
    )
    assert expected <= names
    with psycopg.connect(live) as conn:
        count = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(INJECTION))).fetchone()
    assert count == (3,)
