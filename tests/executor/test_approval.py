"""Destructive steps need approval; the approval names exactly the plan; the switch rule holds contract
back in the apply that expands; an index build that failed is rebuilt by the next apply."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from _support import run_cli, scalar

from schemawright import engine
from schemawright.spec import load

V1 = """
apiVersion: schemawright.io/v1alpha1
kind: DatabaseSchema
metadata: {name: approval}
spec:
  tables:
    - name: customers
      primaryKey: {columns: [id]}
      columns:
        - {name: id, type: bigint, nullable: false}
        - {name: name, type: text, nullable: false}
        - {name: fax, type: text}
    - name: legacy_audit
      primaryKey: {columns: [id]}
      columns:
        - {name: id, type: bigint, nullable: false}
"""
# v2 drops a column and a table that hold data, and adds a column (which could have been a rename).
V2 = V1.replace("        - {name: fax, type: text}\n", "        - {name: phone, type: text}\n").split(
    "    - name: legacy_audit"
)[0]


@pytest.fixture
def database(make_database: Callable[[str], str], shadow: str, write_doc: Callable[..., str]) -> str:
    url = make_database("approval")
    engine.apply(load(write_doc(V1, "v1.yaml")), url, shadow)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("INSERT INTO customers SELECT i, 'c' || i, '555-' || i FROM generate_series(1, 100) i")
        conn.execute("INSERT INTO legacy_audit SELECT i FROM generate_series(1, 10) i")
    return url


def drops_done(url: str) -> tuple[object, object]:
    return (
        scalar(url, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'fax'"),
        scalar(url, "SELECT to_regclass('public.legacy_audit') IS NOT NULL"),
    )


def test_without_approval_nothing_is_dropped(database: str, shadow: str, write_doc: Callable[..., str]) -> None:
    result = run_cli("apply", write_doc(V2, "v2.yaml"), "--database", database, "--shadow-url", shadow)
    assert result.returncode == 3
    assert "waiting for approval of plan" in result.stderr
    assert "renamedFrom: fax" in result.stderr  # the drop that looks like a rename is called out
    assert drops_done(database) == (1, True)
    assert scalar(database, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'phone'") == 1


def test_wrong_hash_is_refused_right_hash_runs(database: str, shadow: str, write_doc: Callable[..., str]) -> None:
    doc = write_doc(V2, "v2.yaml")
    first = engine.apply(load(doc), database, shadow)  # expand: phone; contract waits
    assert first.gate.reason == "approval"
    wrong = run_cli("apply", doc, "--database", database, "--shadow-url", shadow, "--approve", "0123456789abcdef")
    assert wrong.returncode == 3
    assert "refused" in wrong.stderr
    assert drops_done(database) == (1, True)
    right = run_cli("apply", doc, "--database", database, "--shadow-url", shadow, "--approve", first.plan.hash)
    assert right.returncode == 0, right.stdout[-2000:] + right.stderr[-2000:]
    assert drops_done(database) == (0, False)
    assert engine.raw_diff(load(doc), database, shadow) == []


def test_switch_rule_holds_contract_for_the_next_apply(
    database: str, shadow: str, write_doc: Callable[..., str]
) -> None:
    doc = write_doc(V2, "v2.yaml")
    first = run_cli("apply", doc, "--database", database, "--shadow-url", shadow, "--allow-destructive")
    assert first.returncode == 3
    assert "switch:" in first.stderr
    assert drops_done(database) == (1, True)
    second = run_cli("apply", doc, "--database", database, "--shadow-url", shadow, "--allow-destructive")
    assert second.returncode == 0, second.stderr[-2000:]
    assert drops_done(database) == (0, False)


def test_a_failed_unique_index_build_is_rebuilt_by_the_next_apply(
    make_database: Callable[[str], str], shadow: str, write_doc: Callable[..., str]
) -> None:
    url = make_database("invalid_index")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL)")
        conn.execute("INSERT INTO users SELECT i, 'u' || (i % 900) FROM generate_series(1, 1000) i")
    doc = write_doc("""
apiVersion: schemawright.io/v1alpha1
kind: DatabaseSchema
metadata: {name: unique}
spec:
  tables:
    - name: users
      primaryKey: {columns: [id]}
      columns:
        - {name: id, type: bigint, nullable: false}
        - {name: email, type: text, nullable: false}
      indexes:
        - {name: users_email_idx, columns: [{name: email}], unique: true}
""")
    failed = run_cli("apply", doc, "--database", url, "--shadow-url", shadow)
    assert failed.returncode == 4
    assert "duplicates" in failed.stderr
    assert scalar(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_email_idx'::regclass") is False
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE users SET email = 'u' || id")
    fixed = run_cli("apply", doc, "--database", url, "--shadow-url", shadow)
    assert fixed.returncode == 0, fixed.stdout[-2000:] + fixed.stderr[-2000:]
    assert scalar(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_email_idx'::regclass") is True
