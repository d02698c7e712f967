"""Bad documents: every problem names its exact path, and the CLI exits with code 2."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from schemawright.errors import ExitCode, Problem, SpecError
from schemawright.spec import from_document, load

DATA = Path(__file__).parent / "data"
DELETE = object()


def base() -> dict[str, Any]:
    """A small valid document the cases below break one way each."""
    return {
        "apiVersion": "schemawright.io/v1alpha1",
        "kind": "DatabaseSchema",
        "metadata": {"name": "shop"},
        "spec": {
            "database": {"schemas": ["public", "billing"]},
            "enums": [{"name": "order_status", "values": ["pending", "paid"]}],
            "tables": [
                {
                    "name": "users",
                    "columns": [
                        {"name": "id", "type": "bigint", "identity": "always"},
                        {"name": "email", "type": "text", "nullable": False},
                        {"name": "name", "type": "text"},
                    ],
                    "primaryKey": {"columns": ["id"]},
                    "uniques": [{"columns": ["email"]}],
                    "indexes": [{"name": "users_name_idx", "columns": [{"name": "name"}]}],
                    "rowLevelSecurity": {"enabled": True, "policies": [{"name": "p", "using": "true"}]},
                },
                {
                    "name": "orders",
                    "columns": [
                        {"name": "id", "type": "bigint"},
                        {"name": "user_id", "type": "bigint"},
                        {"name": "status", "type": "order_status"},
                    ],
                    "primaryKey": {"columns": ["id"]},
                    "foreignKeys": [
                        {
                            "columns": ["user_id"],
                            "references": {"table": "users", "columns": ["id"]},
                            "onDelete": "cascade",
                        }
                    ],
                    "checks": [{"name": "orders_id_positive", "expression": "id > 0"}],
                },
                {
                    "name": "events",
                    "columns": [{"name": "id", "type": "bigint"}, {"name": "at", "type": "timestamptz"}],
                    "primaryKey": {"columns": ["id", "at"]},
                    "partitionBy": {"strategy": "range", "columns": ["at"]},
                    "partitions": [{"name": "events_2026", "bound": "FROM ('2026-01-01') TO ('2027-01-01')"}],
                },
            ],
            "policy": {"lockTimeout": "2s"},
            "accessPatterns": [{"name": "by_email", "query": "SELECT * FROM users WHERE email = $1"}],
        },
    }


_STEP = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def put(doc: dict[str, Any], path: str, value: object) -> None:
    """Set (or, with DELETE, remove) the value at a ``spec.tables[0].name``-style path."""
    steps: list[str | int] = [int(i) if i else name for name, i in _STEP.findall(path)]
    target: Any = doc
    for step in steps[:-1]:
        target = target[step]
    if value is DELETE:
        del target[steps[-1]]
    else:
        target[steps[-1]] = value


T0, T1, T2 = "spec.tables[0]", "spec.tables[1]", "spec.tables[2]"

# (case id, {path: value} edits, the path the error must name, text the expectation must contain)
CASES: list[tuple[str, dict[str, object], str, str]] = [
    (
        "sql-injection-default",
        {f"{T0}.columns[2].default": "1); DROP TABLE x; --"},
        f"{T0}.columns[2].default",
        "exactly one SQL expression",
    ),
    (
        "sql-injection-default-from",
        {f"{T0}.columns[2].default": "1) FROM pg_authid --"},
        f"{T0}.columns[2].default",
        "found FROM",
    ),
    (
        "sql-injection-type",
        {f"{T0}.columns[2].type": "text); DROP TABLE users; --"},
        f"{T0}.columns[2].type",
        "exactly one data type",
    ),
    (
        "type-with-constraint",
        {f"{T0}.columns[2].type": "text PRIMARY KEY"},
        f"{T0}.columns[2].type",
        "without constraints",
    ),
    (
        "check-two-expressions",
        {f"{T1}.checks[0].expression": "id > 0), (true"},
        f"{T1}.checks[0].expression",
        "not a list",
    ),
    (
        "index-where-statement",
        {f"{T0}.indexes[0].where": "true); DROP TABLE users; --"},
        f"{T0}.indexes[0].where",
        "not several statements",
    ),
    (
        "policy-using-union",
        {f"{T0}.rowLevelSecurity.policies[0].using": "true) UNION (SELECT false"},
        f"{T0}.rowLevelSecurity.policies[0].using",
        "UNION",
    ),
    (
        "partition-bound-injection",
        {f"{T2}.partitions[0].bound": "FROM (1) TO (2); DROP TABLE users"},
        f"{T2}.partitions[0].bound",
        "not several statements",
    ),
    (
        "partition-bound-comment",
        {f"{T2}.partitions[0].bound": "FROM ('2026-01-01') TO ('2027-01-01') --"},
        f"{T2}.partitions[0].bound",
        "without comments",
    ),
    (
        "partition-bound-call",
        {f"{T2}.partitions[0].bound": "FROM (now()) TO (MAXVALUE)"},
        f"{T2}.partitions[0].bound",
        "constants",
    ),
    (
        "partition-bound-wrong-strategy",
        {f"{T2}.partitions[0].bound": "IN ('2026-01-01')"},
        f"{T2}.partitions[0].bound",
        "a range partition bound",
    ),
    (
        "fk-unknown-table",
        {f"{T1}.foreignKeys[0].references.table": "customers"},
        f"{T1}.foreignKeys[0].references.table",
        "spec.tables or created by spec.sql",
    ),
    (
        "fk-unknown-column",
        {f"{T1}.foreignKeys[0].references.columns": ["uid"]},
        f"{T1}.foreignKeys[0].references.columns[0]",
        "a column of table public.users",
    ),
    (
        "fk-unknown-local-column",
        {f"{T1}.foreignKeys[0].columns": ["usr_id"]},
        f"{T1}.foreignKeys[0].columns[0]",
        "a column of table public.orders",
    ),
    (
        "fk-column-count",
        {f"{T1}.foreignKeys[0].references.columns": ["id", "email"]},
        f"{T1}.foreignKeys[0].references.columns",
        "as many columns",
    ),
    (
        "fk-not-a-key",
        {f"{T1}.foreignKeys[0].references.columns": ["name"]},
        f"{T1}.foreignKeys[0].references.columns",
        "primary key or of a unique constraint",
    ),
    ("duplicate-table", {f"{T1}.name": "users"}, f"{T1}.name", "not yet used in schema 'public'"),
    ("duplicate-column", {f"{T0}.columns[2].name": "email"}, f"{T0}.columns[2].name", "column name unique"),
    ("index-name-is-a-table", {f"{T0}.indexes[0].name": "orders"}, f"{T0}.indexes[0].name", "one namespace"),
    (
        "index-name-is-a-unique",
        {f"{T0}.uniques[0].name": "users_name_idx"},
        f"{T0}.indexes[0].name",
        "spec.tables[0].uniques[0].name is 'users_name_idx' too",
    ),
    (
        "duplicate-constraint",
        {f"{T1}.foreignKeys[0].name": "orders_id_positive"},
        f"{T1}.foreignKeys[0].name",
        "constraint name unique",
    ),
    ("schema-not-managed", {f"{T0}.schema": "audit"}, f"{T0}.schema", "public, billing"),
    (
        "rename-cycle",
        {f"{T0}.renamedFrom": "orders", f"{T1}.renamedFrom": "users"},
        f"{T1}.renamedFrom",
        "rename cycle",
    ),
    ("rename-onto-current", {f"{T0}.renamedFrom": "orders"}, f"{T0}.renamedFrom", "rename one step"),
    (
        "rename-own-name",
        {f"{T0}.columns[2].renamedFrom": "name"},
        f"{T0}.columns[2].renamedFrom",
        "differs from its name",
    ),
    (
        "rename-claimed-twice",
        {f"{T0}.columns[1].renamedFrom": "mail", f"{T0}.columns[2].renamedFrom": "mail"},
        f"{T0}.columns[2].renamedFrom",
        "no other column claims",
    ),
    ("bad-duration", {"spec.policy.lockTimeout": "2 seconds"}, "spec.policy.lockTimeout", "500ms, 2s, 5m"),
    ("fractional-duration", {"spec.policy.statementTimeout": "1.5s"}, "spec.policy.statementTimeout", "a duration"),
    (
        "drift-not-whole-seconds",
        {"spec.policy.driftCheckInterval": "1500ms"},
        "spec.policy.driftCheckInterval",
        "whole number of seconds",
    ),
    (
        "bad-index-method",
        {f"{T0}.indexes[0].method": "bitmap"},
        f"{T0}.indexes[0].method",
        "one of: btree, hash, gin, gist, brin, spgist",
    ),
    (
        "bad-on-delete",
        {f"{T1}.foreignKeys[0].onDelete": "nullify"},
        f"{T1}.foreignKeys[0].onDelete",
        "one of: noAction, restrict, cascade, setNull, setDefault",
    ),
    ("bad-mode", {"spec.policy.mode": "Yolo"}, "spec.policy.mode", "one of: Apply, PlanOnly"),
    ("bad-batch-size", {"spec.policy.backfillBatchSize": 0}, "spec.policy.backfillBatchSize", "at least 1"),
    ("missing-column-name", {f"{T0}.columns[2].name": DELETE}, f"{T0}.columns[2].name", "a required property 'name'"),
    ("missing-metadata-name", {"metadata.name": DELETE}, "metadata.name", "a required property 'name'"),
    ("wrong-api-version", {"apiVersion": "schemawright.io/v1"}, "apiVersion", "schemawright.io/v1alpha1"),
    ("wrong-kind", {"kind": "Schema"}, "kind", "DatabaseSchema"),
    ("unknown-property", {f"{T0}.columns[1].nulable": True}, f"{T0}.columns[1].nulable", "did you mean 'nullable'?"),
    ("wrong-type", {f"{T0}.columns[1].nullable": "no"}, f"{T0}.columns[1].nullable", "true or false"),
    ("identifier-too-long", {f"{T0}.columns[2].name": "n" * 64}, f"{T0}.columns[2].name", "at most 63 characters"),
    ("identifier-too-many-bytes", {f"{T0}.columns[2].name": "é" * 40}, f"{T0}.columns[2].name", "63 bytes"),
    (
        "pk-unknown-column",
        {f"{T0}.primaryKey.columns": ["uid"]},
        f"{T0}.primaryKey.columns[0]",
        "a column of table public.users",
    ),
    (
        "index-unknown-column",
        {f"{T0}.indexes[0].columns[0].name": "nom"},
        f"{T0}.indexes[0].columns[0].name",
        "a column of table",
    ),
    (
        "include-unknown-column",
        {f"{T0}.indexes[0].include": ["nope"]},
        f"{T0}.indexes[0].include[0]",
        "a column of table",
    ),
    (
        "index-element-both",
        {f"{T0}.indexes[0].columns[0].expression": "lower(name)"},
        f"{T0}.indexes[0].columns[0]",
        "exactly one of the properties 'name', 'expression'",
    ),
    (
        "index-element-string",
        {f"{T0}.indexes[0].columns": ["name"]},
        f"{T0}.indexes[0].columns[0]",
        "a mapping such as {name: name}",
    ),
    (
        "unique-gin-index",
        {f"{T0}.indexes[0].method": "gin", f"{T0}.indexes[0].unique": True},
        f"{T0}.indexes[0].unique",
        "only btree",
    ),
    (
        "generated-and-default",
        {f"{T0}.columns[2].generated": {"expression": "upper(email)"}, f"{T0}.columns[2].default": "'x'"},
        f"{T0}.columns[2].default",
        "no default on a generated column",
    ),
    (
        "identity-and-default",
        {f"{T0}.columns[0].default": "0"},
        f"{T0}.columns[0].default",
        "no default on an identity column",
    ),
    ("identity-on-text", {f"{T0}.columns[0].type": "text"}, f"{T0}.columns[0].identity", "smallint, integer or bigint"),
    ("partitions-without-partition-by", {f"{T2}.partitionBy": DELETE}, f"{T2}.partitions", "partitionBy"),
    (
        "partition-key-unknown-column",
        {f"{T2}.partitionBy.columns": ["ts"]},
        f"{T2}.partitionBy.columns[0]",
        "a column of table public.events",
    ),
    ("pk-without-partition-key", {f"{T2}.primaryKey.columns": ["id"]}, f"{T2}.primaryKey.columns", "missing at"),
    (
        "enum-duplicate-label",
        {"spec.enums[0].values": ["a", "b", "a"]},
        "spec.enums[0].values[2]",
        "label unique in enum",
    ),
    ("enum-named-like-table", {"spec.enums[0].name": "users"}, "spec.enums[0].name", "row type"),
    (
        "insert-policy-using",
        {f"{T0}.rowLevelSecurity.policies[0].command": "insert"},
        f"{T0}.rowLevelSecurity.policies[0].using",
        "only withCheck",
    ),
    (
        "access-pattern-ddl",
        {"spec.accessPatterns[0].query": "DROP TABLE users"},
        "spec.accessPatterns[0].query",
        "SELECT, INSERT, UPDATE or DELETE",
    ),
    ("extension-not-allowed", {"spec.extensions": ["citext", "dblink"]}, "spec.extensions[1]", "an allowed extension"),
    (
        "forbidden-function",
        {f"{T1}.checks[0].expression": "length(pg_read_file('/etc/passwd')) > 0"},
        f"{T1}.checks[0].expression",
        "pg_read_file",
    ),
    ("bad-metadata-name", {"metadata.name": "Shop_DB"}, "metadata.name", "lowercase DNS name"),
]


def write(tmp_path: Path, doc: object, name: str = "schema.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def problems_of(path: Path) -> tuple[SpecError, list[Problem]]:
    with pytest.raises(SpecError) as excinfo:
        load(path)
    return excinfo.value, excinfo.value.problems


def test_base_document_is_valid(tmp_path: Path) -> None:
    desired = load(write(tmp_path, base()))
    assert [t.name for t in desired.tables] == ["users", "orders", "events"]


@pytest.mark.parametrize(("edits", "path", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_document(tmp_path: Path, edits: dict[str, object], path: str, expected: str) -> None:
    doc = base()
    for where, value in edits.items():
        put(doc, where, value if value is DELETE else copy.deepcopy(value))
    error, problems = problems_of(write(tmp_path, doc))
    assert error.exit_code == ExitCode.INVALID_INPUT == 2
    matching = [p for p in problems if p.path == path]
    assert matching, f"no problem at {path}; got:\n{error}"
    assert any(expected in p.expected for p in matching), str(error)
    assert f"  - {path}: found " in str(error)


def test_kubernetes_object_loads(tmp_path: Path) -> None:
    """`kubectl get databaseschema -o yaml` output: extra metadata and a status are accepted."""
    doc = base()
    doc["metadata"].update({"namespace": "shop", "uid": "0b6c", "resourceVersion": "42", "generation": 3})
    doc["status"] = {"conditions": [{"type": "Ready", "status": "True"}]}
    put(doc, "spec.policy.driftCheckInterval", "0s")
    assert load(write(tmp_path, doc)).policy.drift_check_interval_s == 0


def test_sqlguard_rejects_forbidden_calls(tmp_path: Path) -> None:
    doc = base()
    put(doc, f"{T0}.columns[2].default", "pg_read_file('/etc/passwd')")
    _, problems = problems_of(write(tmp_path, doc))
    assert [p.path for p in problems] == [f"{T0}.columns[2].default"]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    doc = base()
    put(doc, f"{T0}.columns[2].default", "1); DROP TABLE x; --")
    put(doc, f"{T1}.foreignKeys[0].references.table", "customers")
    put(doc, f"{T0}.indexes[0].columns[0].name", "nom")
    _, problems = problems_of(write(tmp_path, doc))
    assert {p.path for p in problems} == {
        f"{T0}.columns[2].default",
        f"{T1}.foreignKeys[0].references.table",
        f"{T0}.indexes[0].columns[0].name",
    }


def test_schema_problems_are_all_reported(tmp_path: Path) -> None:
    doc = base()
    put(doc, "kind", "Nope")
    put(doc, f"{T0}.indexes[0].method", "bitmap")
    put(doc, f"{T1}.columns[0].name", DELETE)
    _, problems = problems_of(write(tmp_path, doc))
    assert [p.path for p in problems] == ["kind", f"{T0}.indexes[0].method", f"{T1}.columns[0].name"]
    assert problems[2].found == "nothing"


def test_found_shows_the_value(tmp_path: Path) -> None:
    doc = base()
    put(doc, f"{T0}.columns[2].default", "1); DROP TABLE x; --")
    _, problems = problems_of(write(tmp_path, doc))
    assert problems[0].found == "'1); DROP TABLE x; --'"


def test_fk_to_a_table_created_by_spec_sql_is_accepted(tmp_path: Path) -> None:
    doc = base()
    put(doc, f"{T1}.foreignKeys[0].references", {"table": "customers"})
    put(doc, "spec.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);\n")
    desired = load(write(tmp_path, doc))
    fk = desired.tables[1].foreign_keys[0]
    assert (fk.ref_schema, fk.ref_table, fk.ref_columns) == ("public", "customers", ())


def test_fk_defaults_to_the_primary_key(tmp_path: Path) -> None:
    doc = base()
    put(doc, f"{T1}.foreignKeys[0].references", {"table": "users"})
    fk = load(write(tmp_path, doc)).tables[1].foreign_keys[0]
    assert (fk.name, fk.ref_columns) == ("orders_user_id_fkey", ("id",))


# --- the file itself -------------------------------------------------------------------------


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("apiVersion: schemawright.io/v1alpha1\nkind: DatabaseSchema\nmetadata: {name: [shop}\n")
    error, problems = problems_of(path)
    assert error.exit_code == 2
    assert problems[0].path.startswith("line 3, column ")
    assert "line 3" in str(error)
    assert str(path) in str(error)


def test_multiple_yaml_documents(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text(yaml.safe_dump(base()) + "---\n" + yaml.safe_dump(base()))
    _, problems = problems_of(path)
    assert problems[0].path == "(document)"
    assert problems[0].found.startswith("2 YAML documents")
    assert "exactly one document" in problems[0].expected


@pytest.mark.parametrize("text", ["", "# nothing but a comment\n", "---\n"])
def test_empty_document(tmp_path: Path, text: str) -> None:
    path = tmp_path / "empty.yml"
    path.write_text(text)
    _, problems = problems_of(path)
    assert problems == [Problem("(document)", "an empty document", "a DatabaseSchema document")]


def test_document_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- just\n- a list\n")
    _, problems = problems_of(path)
    assert problems[0].path == "(document)"
    assert "a mapping" in problems[0].expected


def test_duplicate_keys_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("apiVersion: schemawright.io/v1alpha1\nkind: DatabaseSchema\nkind: DatabaseSchema\n")
    _, problems = problems_of(path)
    assert problems[0].path.startswith("line 3, column 1")
    assert "duplicate key 'kind' (first on line 2)" in problems[0].found


def test_missing_file(tmp_path: Path) -> None:
    error, problems = problems_of(tmp_path / "nope.yaml")
    assert error.exit_code == 2
    assert problems == [Problem("(file)", "no such file", "an existing .yaml, .yml or .sql file")]


def test_directory_and_wrong_suffix(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    assert problems_of(tmp_path / "dir.yaml")[1][0].found == "a directory"
    (tmp_path / "schema.txt").write_text("x")
    assert problems_of(tmp_path / "schema.txt")[1][0].expected == "a file ending in .yaml, .yml or .sql"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("metadata: {name: caf\u00e9}\n".encode("latin-1"))
    assert problems_of(path)[1][0].expected == "a UTF-8 encoded file"


def test_dates_stay_strings(tmp_path: Path) -> None:
    path = tmp_path / "adr.yaml"
    doc = base()
    put(doc, "spec.decisions", [{"id": "ADR-0001", "title": "t", "date": "2026-01-15"}])
    path.write_text(yaml.safe_dump(doc).replace("'2026-01-15'", "2026-01-15"))
    assert "date: 2026-01-15\n" in path.read_text()
    assert load(path).decisions[0].date == "2026-01-15"


def test_sql_file(tmp_path: Path) -> None:
    path = tmp_path / "inventory.sql"
    path.write_text("CREATE TABLE items (id bigint PRIMARY KEY);\n")
    desired = load(path)
    assert (desired.name, desired.schemas, desired.sql) == (
        "inventory",
        ("public",),
        "CREATE TABLE items (id bigint PRIMARY KEY);\n",
    )
    assert desired.tables == () and desired.policy.lock_timeout_ms == 2000


def test_from_document_rejects_non_mappings() -> None:
    with pytest.raises(SpecError) as excinfo:
        from_document(["not", "a", "mapping"], "inline")
    assert excinfo.value.problems == [
        Problem("(document)", "['not', 'a', 'mapping']", "a mapping (apiVersion, kind, metadata, spec)")
    ]
