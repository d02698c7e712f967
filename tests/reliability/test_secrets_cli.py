"""Credentials are never printed: every CLI command that takes a database URL, given one that carries a
password, in success and in every kind of failure (unreachable host, missing database, malformed URL, a bad
shadow URL, the URL from the document's environment variable), prints the URL only masked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from _faults import run_cli
from psycopg import sql

from schemawright.connect.embedded import EmbeddedServer

ROLE, PASSWORD = "sw_secrets", "Pw-secrets-4d1e-never-printed"

DOC = """
apiVersion: schemawright.io/v1alpha1
kind: DatabaseSchema
metadata: {name: secrets}
spec:
  database: {urlFromEnv: SECRETS_DATABASE_URL}
  tables:
    - name: notes
      primaryKey: {columns: [id]}
      columns:
        - {name: id, type: bigint, nullable: false}
        - {name: body, type: text, nullable: false}
"""


@pytest.fixture
def with_password(pg_server: EmbeddedServer, make_database: Callable[[str], str]) -> str:
    """A fresh database's URL carrying a role and its password."""
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (ROLE,)).fetchone():
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN SUPERUSER PASSWORD {}").format(
                    sql.Identifier(ROLE), sql.Literal(PASSWORD)
                )
            )
    return make_database("secrets").replace("postgresql://postgres:@", f"postgresql://{ROLE}:{PASSWORD}@", 1)


def test_no_command_prints_a_password(
    with_password: str, pg_server: EmbeddedServer, tmp_path: Path, reliability: Callable[..., None]
) -> None:
    doc = tmp_path / "schema.yaml"
    doc.write_text(DOC)
    url, shadow = with_password, pg_server.url("postgres")
    missing_db = url.replace("/secrets_", "/no_such_db_", 1)
    unreachable = f"postgresql://app:{PASSWORD}@127.0.0.1:1/shop"
    malformed = f"postgresql://app:{PASSWORD}@db:notaport/shop"
    runs: list[tuple[str, tuple[str, ...], dict[str, str] | None]] = [
        ("plan", ("plan", str(doc), "--database", url, "--shadow-url", shadow), None),
        ("plan json", ("plan", str(doc), "--database", url, "--shadow-url", shadow, "--format", "json"), None),
        ("diff", ("diff", str(doc), "--database", url, "--shadow-url", shadow), None),
        ("apply", ("apply", str(doc), "--database", url, "--shadow-url", shadow), None),
        ("apply again", ("apply", str(doc), "--database", url, "--shadow-url", shadow), None),
        ("status", ("status", "--database", url), None),
        ("init", ("init", "--database", url, "--out", str(tmp_path / "adopted.yaml")), None),
        ("url from the environment", ("plan", str(doc), "--shadow-url", shadow), {"SECRETS_DATABASE_URL": url}),
        ("missing database", ("apply", str(doc), "--database", missing_db, "--shadow-url", shadow), None),
        ("unreachable host", ("plan", str(doc), "--database", unreachable, "--shadow-url", shadow), None),
        ("unreachable shadow", ("plan", str(doc), "--database", url, "--shadow-url", unreachable), None),
        ("malformed URL", ("apply", str(doc), "--database", malformed, "--shadow-url", shadow), None),
        ("status unreachable", ("status", "--database", unreachable), None),
    ]
    leaked = []
    for name, args, env in runs:
        done = run_cli(*args, env=env)
        output = done.stdout + done.stderr
        if PASSWORD in output or "Traceback" in output:
            leaked.append(f"{name} (exit {done.returncode}): {output[-1500:]}")
    reliability(
        "secrets.cli-never-prints-a-password",
        section="secrets",
        title="CLI commands given a URL with a password, succeeding and failing: password never printed",
        unit="commands",
        tried=len(runs),
        passed=len(runs) - len(leaked),
    )
    assert not leaked, "\n".join(leaked)
    assert (tmp_path / "adopted.yaml").exists() and PASSWORD not in (tmp_path / "adopted.yaml").read_text()
