"""Generated bad documents (hypothesis): every one exits 2 naming where it is wrong, never a traceback, and no
database changes.

A valid document is mutated one way at a time — a wrong type, an unknown or misspelled field, a bad name, SQL
smuggled into a default, check, type or index predicate, a reference to a table or column that does not exist,
a rename cycle, a duplicate, a huge or deeply nested value, broken YAML, a file over the CLI's 32 MiB limit —
and handed to the CLI in-process (``schemawright apply``, pointed at a database holding rows, so anything that
got through would reach it); a sample also runs as a real process for the real exit code. Deterministic
(``derandomize``): the same documents every run. The normal suite tries a few hundred; the full run
(``SCHEMAWRIGHT_RELIABILITY_FULL=1``) 2,000 or more.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import re
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemawright.cli.app import main
from schemawright.connect.embedded import EmbeddedServer
from schemawright.livestate.fingerprint import catalog_fingerprint
from schemawright.spec.load import MAX_FILE_BYTES

FULL = os.environ.get("SCHEMAWRIGHT_RELIABILITY_FULL") == "1"
EXAMPLES = 2100 if FULL else 120

BASE: dict[str, Any] = {
    "apiVersion": "schemawright.io/v1alpha1",
    "kind": "DatabaseSchema",
    "metadata": {"name": "fuzz"},
    "spec": {
        "enums": [{"name": "state", "values": ["open", "closed"]}],
        "tables": [
            {
                "name": "accounts",
                "comment": "who pays",
                "columns": [
                    {"name": "id", "type": "bigint", "nullable": False, "identity": "always"},
                    {"name": "email", "type": "text", "nullable": False},
                    {"name": "state", "type": "state", "nullable": False, "default": "'open'"},
                ],
                "primaryKey": {"name": "accounts_pkey", "columns": ["id"]},
                "uniques": [{"name": "accounts_email_key", "columns": ["email"]}],
                "checks": [{"name": "accounts_email_at", "expression": "position('@' in email) > 1"}],
            },
            {
                "name": "invoices",
                "columns": [
                    {"name": "id", "type": "bigint", "nullable": False, "identity": "always"},
                    {"name": "account_id", "type": "bigint", "nullable": False},
                    {"name": "total", "type": "numeric(12,2)", "nullable": False, "default": "0"},
                    {"name": "paid_at", "type": "timestamptz"},
                ],
                "primaryKey": {"name": "invoices_pkey", "columns": ["id"]},
                "foreignKeys": [
                    {
                        "name": "invoices_account_id_fkey",
                        "columns": ["account_id"],
                        "references": {"table": "accounts", "columns": ["id"]},
                        "onDelete": "cascade",
                    }
                ],
                "indexes": [
                    {"name": "invoices_account_id_idx", "columns": [{"name": "account_id"}], "where": "paid_at IS NULL"}
                ],
            },
        ],
    },
}

# ------------------------------------------------------------------------------------------------------------
# Where a mutation may land.


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


PATHS = [p for p in _paths(BASE) if (p and p[0] != "metadata") or p == ("metadata", "name")]


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    _get(doc, path[:-1])[path[-1]] = value


MAPPINGS = [p for p in [(), *PATHS] if isinstance(_get(BASE, p), dict) and p != ("metadata",)]
NAMES = [p for p in PATHS if p[-1] == "name" and p[:1] == ("spec",)]
EXPRESSIONS = [p for p in PATHS if p[-1] in ("default", "expression", "where")]
TYPES = [p for p in PATHS if p[-1] == "type"]
REFERENCES = [
    p
    for p in PATHS
    if isinstance(_get(BASE, p), str)
    and len(p) > 2
    and (
        (p[-2] == "columns" and p[-3] in ("primaryKey", "foreignKeys", "uniques", "references"))
        or p[-1] == "table"
        or (p[-1] == "name" and "indexes" in p and "columns" in p)
    )
]
REFERENCES += [p for p in PATHS if len(p) > 3 and p[-3] == "columns" and p[-4] in ("primaryKey", "uniques")]
# Lists of named objects (an index may list a column twice: PostgreSQL allows it).
NAMED_LISTS = [
    p
    for p in PATHS
    if isinstance(_get(BASE, p), list)
    and _get(BASE, p)
    and isinstance(_get(BASE, p)[0], dict)
    and "name" in _get(BASE, p)[0]
    and "indexes" not in p[-3:-1]
]

# Values of another type than the one found: one of these is always wrong where a string, number, boolean,
# list or mapping is expected.
WRONG: dict[type, list[Any]] = {
    str: [42, 1.5, True, ["x"], {"x": 1}],
    bool: ["false", 0, ["x"], {"x": 1}],
    int: ["ten", ["x"], {"x": 1}],
    list: ["x", 7, {"x": 1}, True],
    dict: ["x", 7, ["x"], True],
}

BAD_NAMES = ["", "x" * 64, "é" * 40, "a\x00b", "\U0001f418" * 16 + "x" * 2]
SQL_IN_EXPRESSIONS = [
    "0; DROP TABLE accounts",
    "1); DROP TABLE accounts; --",
    "true -- and the rest is gone",
    "pg_read_file('/etc/passwd') IS NOT NULL",
    "pg_catalog.pg_read_file('/etc/passwd') IS NOT NULL",
    "(SELECT lo_import('/etc/passwd')) > 0",
    "dblink_exec('dbname=postgres', 'DROP DATABASE x') = 'OK'",
    "1 /* unclosed",
    "'unterminated",
    "set_config('role', 'postgres', false) IS NOT NULL",
    "now(); COMMIT",
    "(SELECT 1 FROM accounts) = 1; DELETE FROM accounts",
]
SQL_IN_TYPES = [
    "text; DROP TABLE accounts",
    "int) ; DROP TABLE accounts; --",
    "text DEFAULT pg_read_file('x')",
    "text COLLATE \"C\"; COPY accounts TO PROGRAM 'id'",
    "no_such_type_anywhere[]]",
    "",
]
UNKNOWN_FIELDS = ["colour", "nmae", "Type", "x-extra", "primarykey", "sql_injection"]
MISSING = ["no_such_table", "no_such_column", "Accounts", "accounts ", '"; DROP TABLE accounts; --']

# ------------------------------------------------------------------------------------------------------------
# Mutations: each returns (what it did, the document as YAML text or bytes).

Mutation = tuple[str, str | bytes]


def _dump(doc: Any) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=10_000)


@st.composite
def wrong_type(draw: st.DrawFn) -> Mutation:
    path = draw(st.sampled_from(PATHS))
    found = _get(BASE, path)
    value = draw(st.sampled_from(WRONG[type(found)]))
    doc = copy.deepcopy(BASE)
    _set(doc, path, value)
    return f"wrong type at {path}: {value!r}", _dump(doc)


@st.composite
def unknown_field(draw: st.DrawFn) -> Mutation:
    path, field = draw(st.sampled_from(MAPPINGS)), draw(st.sampled_from(UNKNOWN_FIELDS))
    doc = copy.deepcopy(BASE)
    _get(doc, path)[field] = draw(st.sampled_from(["x", 1, True, None, ["x"]]))
    return f"unknown field {field} at {path}", _dump(doc)


def _typos(word: str) -> list[str]:
    swaps = [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1) if word[i] != word[i + 1]]
    drops = [word[:i] + word[i + 1 :] for i in range(len(word)) if len(word) > 1]
    return sorted({*swaps, *drops, word.upper(), word + "s"} - {word})


@st.composite
def misspelled_field(draw: st.DrawFn) -> Mutation:
    path = draw(st.sampled_from([p for p in PATHS if isinstance(p[-1], str) and p != ("metadata", "name")]))
    typo = draw(st.sampled_from(_typos(path[-1])))
    doc = copy.deepcopy(BASE)
    parent = _get(doc, path[:-1])
    if typo in parent:
        typo = typo + "_"
    parent[typo] = parent.pop(path[-1])
    return f"{path[-1]} misspelled {typo!r} at {path[:-1]}", _dump(doc)


def _replacing(paths: list[tuple[Any, ...]], values: list[str], what: str) -> Callable[[], st.SearchStrategy[Mutation]]:
    """A strategy that sets one of ``paths`` to one of ``values``."""

    @st.composite
    def mutate(draw: st.DrawFn) -> Mutation:
        path, value = draw(st.sampled_from(paths)), draw(st.sampled_from(values))
        doc = copy.deepcopy(BASE)
        _set(doc, path, value)
        return f"{what} at {path}: {value!r}", _dump(doc)

    return mutate


bad_name = _replacing(NAMES, BAD_NAMES, "bad name")
sql_in_expression = _replacing(EXPRESSIONS, SQL_IN_EXPRESSIONS, "SQL in an expression")
sql_in_type = _replacing(TYPES, SQL_IN_TYPES, "SQL in a type")
missing_reference = _replacing(REFERENCES, MISSING, "reference to a missing object")


@st.composite
def rename_cycle(draw: st.DrawFn) -> Mutation:
    doc = copy.deepcopy(BASE)
    which = draw(st.sampled_from(["tables", "columns", "self", "twice"]))
    if which == "tables":
        first, second = doc["spec"]["tables"]
        first["renamedFrom"], second["renamedFrom"] = second["name"], first["name"]
    elif which == "columns":
        columns = doc["spec"]["tables"][draw(st.sampled_from([0, 1]))]["columns"]
        columns[1]["renamedFrom"], columns[2]["renamedFrom"] = columns[2]["name"], columns[1]["name"]
    elif which == "self":
        table = doc["spec"]["tables"][draw(st.sampled_from([0, 1]))]
        table["renamedFrom"] = table["name"]
    else:
        for table in doc["spec"]["tables"]:
            table["renamedFrom"] = "old_name"
    return f"rename cycle ({which})", _dump(doc)


@st.composite
def duplicate(draw: st.DrawFn) -> Mutation:
    path = draw(st.sampled_from(NAMED_LISTS))
    doc = copy.deepcopy(BASE)
    items = _get(doc, path)
    items.append(copy.deepcopy(items[draw(st.integers(0, len(items) - 1))]))
    return f"duplicate in {path}", _dump(doc)


@st.composite
def huge_or_deep(draw: st.DrawFn) -> Mutation:
    path = draw(st.sampled_from(PATHS))
    shape = draw(st.sampled_from(["deep list", "deep mapping", "long string", "long list"]))
    size = draw(st.sampled_from([100, 1_000, 5_000]))
    value: Any
    if shape == "deep list":
        value = "x"
        for _ in range(size):
            value = [value]
    elif shape == "deep mapping":
        value = "x"
        for _ in range(size):
            value = {"k": value}
    elif shape == "long string":
        value = "y" * (size * 100 + 1)  # past every string field's limit (comments: 10,000)
    else:
        value = ["z"] * size
    if shape.startswith("deep"):  # written by hand: the YAML dumper itself recurses
        text = _dump(_with_placeholder(path)).replace("'@@'", _flow(shape, size))
        return f"{shape} ({size}) at {path}", text
    doc = copy.deepcopy(BASE)
    _set(doc, path, value)
    return f"{shape} ({size}) at {path}", _dump(doc)


def _with_placeholder(path: tuple[Any, ...]) -> Any:
    doc = copy.deepcopy(BASE)
    _set(doc, path, "@@")
    return doc


def _flow(shape: str, depth: int) -> str:
    return "[" * depth + "x" + "]" * depth if shape == "deep list" else "{k: " * depth + "x" + "}" * depth


@st.composite
def broken_text(draw: st.DrawFn) -> Mutation:
    text = _dump(BASE)
    kind = draw(
        st.sampled_from(
            [
                "tab indent",
                "unclosed flow",
                "two documents",
                "not utf-8",
                "alias bomb",
                "duplicate key",
                "empty",
                "a list",
                "a scalar",
                "bad indent",
                "binary tag",
            ]
        )
    )
    if kind == "tab indent":
        return kind, text.replace("\n  ", "\n\t", 1)
    if kind == "unclosed flow":
        return kind, text.replace("kind: DatabaseSchema", "kind: [DatabaseSchema")
    if kind == "two documents":
        return kind, text + "---\n" + text
    if kind == "not utf-8":
        return kind, text.encode().replace(b"who pays", b"who \xff\xfe pays")
    if kind == "alias bomb":  # a billion laughs: shared references, exponential if anything copies them
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
        return kind, "\n".join(lines) + "\n" + text.replace("comment: who pays", "comment: *a8")
    if kind == "duplicate key":
        return kind, text.replace("kind: DatabaseSchema", "kind: DatabaseSchema\nkind: DatabaseSchema")
    if kind == "empty":
        return kind, ""
    if kind == "a list":
        return kind, "- " + text.replace("\n", "\n  ")
    if kind == "a scalar":
        return kind, "just some text\n"
    if kind == "bad indent":
        return kind, text.replace("  tables:", "tables:", 1).replace("\n    - name: accounts", "\n - name: accounts")
    return kind, text.replace("who pays", "!!binary aGVsbG8=")


MUTATIONS = st.one_of(
    wrong_type(),
    unknown_field(),
    misspelled_field(),
    bad_name(),
    sql_in_expression(),
    sql_in_type(),
    missing_reference(),
    rename_cycle(),
    duplicate(),
    huge_or_deep(),
    broken_text(),
)

# ------------------------------------------------------------------------------------------------------------
# Running the CLI on them.

_PATH = re.compile(
    r"(?m)^  - (spec|metadata|apiVersion|kind|\(document\)|line \d+|byte \d+)[\w.\[\]\-]*|: found |"
    r"statement \d+ \(line \d+, column \d+\)|"
    # An expression naming a column that does not exist is found by PostgreSQL in the shadow: the
    # message names the statement and quotes it (the document path is not known there).
    r"does not build in PostgreSQL: statement \d+ failed"
)


def _run(argv: list[str]) -> tuple[int | str, str]:
    """The exit code and everything printed, or ``"traceback"`` and the traceback."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code: int | str = main(argv)
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    except BaseException:  # any escape is the failure being counted
        return "traceback", traceback.format_exc()
    return code, out.getvalue() + err.getvalue()


def _rejected_cleanly(code: int | str, output: str) -> bool:
    return code == 2 and "Traceback" not in output and _PATH.search(output) is not None


@pytest.fixture(scope="module")
def live(pg_server: EmbeddedServer) -> Iterator[str]:
    """A live database with the base document applied and a row in each table."""
    name = "fuzz_live"
    pg_server.drop_database(name)
    url = pg_server.ensure_database(name)
    yield url
    pg_server.drop_database(name)


def _state(server: EmbeddedServer, live_url: str) -> tuple[Any, ...]:
    with psycopg.connect(live_url) as conn:
        fingerprint = catalog_fingerprint(conn, ("public",))
        rows = conn.execute("SELECT (SELECT count(*) FROM accounts), (SELECT count(*) FROM invoices)").fetchone()
    with psycopg.connect(server.url(), autocommit=True) as conn:
        databases = conn.execute("SELECT count(*) FROM pg_database").fetchone()
        roles = conn.execute("SELECT count(*) FROM pg_roles").fetchone()
    return fingerprint, rows, databases, roles


def test_generated_bad_documents_exit_2_naming_a_path_and_change_nothing(
    tmp_path_factory: pytest.TempPathFactory, pg_server: EmbeddedServer, live: str, reliability: Callable[..., None]
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    base = folder / "base.yaml"
    base.write_text(_dump(BASE))
    shadow = pg_server.url("postgres")
    assert _run(["apply", str(base), "--database", live, "--shadow-url", shadow])[0] == 0
    with psycopg.connect(live, autocommit=True) as conn:
        conn.execute("INSERT INTO accounts (email) VALUES ('a@example.com')")
        conn.execute("INSERT INTO invoices (account_id) SELECT id FROM accounts")
    before = _state(pg_server, live)
    tried: list[str] = []
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(MUTATIONS)
    def check(mutation: Mutation) -> None:
        what, text = mutation
        path = folder / "doc.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        code, output = _run(["apply", str(path), "--database", live, "--shadow-url", shadow])
        tried.append(what)
        if not _rejected_cleanly(code, output):
            failures.append(f"{what}: exit {code}\n{output[-1500:]}")

    check()
    oversized = folder / "oversized.yaml"
    with oversized.open("wb") as handle:
        handle.write(_dump(BASE).encode())
        handle.write(b"# " + b"x" * (MAX_FILE_BYTES + 10) + b"\n")
    code, output = _run(["apply", str(oversized), "--database", live, "--shadow-url", shadow])
    tried.append("a document over 32 MiB")
    if not (code == 2 and "32 MiB" in output):
        failures.append(f"over 32 MiB: exit {code}\n{output[-500:]}")
    oversized.unlink()
    unchanged = _state(pg_server, live) == before
    reliability(
        "bad-input.generated-documents",
        section="bad-input",
        unit="documents",
        title="generated bad documents (wrong types, unknown and misspelled fields, bad names, SQL in "
        "expressions and types, missing references, rename cycles, duplicates, huge and deeply "
        "nested values, broken YAML, over 32 MiB) that exit 2 naming a path, without a traceback "
        "or any database change",
        tried=len(tried),
        passed=len(tried) - len(failures) if unchanged else 0,
    )
    assert failures == []
    assert unchanged, "a rejected document changed a database"
    assert len(tried) >= (2000 if FULL else 100)


# strategy -> (check id, title), written out: the report's staleness check finds them in this source
SUBPROCESS_SAMPLE = {
    "wrong_type": (
        "bad-input.process-wrong-type",
        "bad documents (wrong type) exit 2 from a real `schemawright validate`",
    ),
    "sql_in_expression": (
        "bad-input.process-sql-in-expression",
        "bad documents (sql in expression) exit 2 from a real `schemawright validate`",
    ),
    "broken_text": (
        "bad-input.process-broken-text",
        "bad documents (broken text) exit 2 from a real `schemawright validate`",
    ),
    "missing_reference": (
        "bad-input.process-missing-reference",
        "bad documents (missing reference) exit 2 from a real `schemawright validate`",
    ),
    "huge_or_deep": (
        "bad-input.process-huge-or-deep",
        "bad documents (huge or deep) exit 2 from a real `schemawright validate`",
    ),
}


@pytest.mark.parametrize("strategy", SUBPROCESS_SAMPLE)
def test_a_sample_exits_2_as_a_real_process(strategy: str, tmp_path: Path, reliability: Callable[..., None]) -> None:
    documents: list[Mutation] = []

    @settings(max_examples=3, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(globals()[strategy]())
    def collect(mutation: Mutation) -> None:
        documents.append(mutation)

    collect()
    passed = 0
    for number, (what, text) in enumerate(documents[:3]):
        path = tmp_path / f"doc{number}.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        result = subprocess.run(
            [sys.executable, "-m", "schemawright", "validate", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 2, f"{what}: {result.stderr[-1000:]}"
        assert "Traceback" not in result.stderr and _PATH.search(result.stderr), result.stderr[-1000:]
        passed += 1
    check, title = SUBPROCESS_SAMPLE[strategy]
    reliability(check, section="bad-input", unit="documents", title=title, tried=len(documents[:3]), passed=passed)
