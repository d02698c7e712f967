"""SW115 calibrated for adopted schemas: a table whose unique index over NOT NULL columns already identifies
its rows gets a warning that says so and the online promotion; a table with nothing to promote stays an error."""

from __future__ import annotations

from schemawright.connect.embedded import EmbeddedServer
from schemawright.lint import lint
from schemawright.lint.rules.sw115_missing_primary_key import MissingPrimaryKey
from schemawright.spec import from_document


def _sw115(sql: str, pg_server: EmbeddedServer) -> list[tuple[str, str, str]]:
    doc = {
        "apiVersion": "schemawright.io/v1alpha1",
        "kind": "DatabaseSchema",
        "metadata": {"name": "t"},
        "spec": {"sql": sql},
    }
    report = lint(from_document(doc, "t.yaml"), pg_server.url("postgres"), rules=[MissingPrimaryKey()])
    return [(f.object, str(f.severity), f.fix) for f in report.findings]


def test_unique_index_over_not_null_columns_is_promoted_online(pg_server: EmbeddedServer) -> None:
    found = _sw115(
        "CREATE TABLE membership (user_id bigint NOT NULL, group_id bigint NOT NULL, role text);\n"
        "CREATE UNIQUE INDEX membership_user_group ON membership (user_id, group_id);",
        pg_server,
    )
    assert [(o, s) for o, s, _ in found] == [("public.membership", "warning")]
    assert 'ALTER TABLE "public"."membership" ADD PRIMARY KEY USING INDEX "membership_user_group"' in found[0][2]


def test_unique_constraint_gets_a_fresh_index_to_promote(pg_server: EmbeddedServer) -> None:
    found = _sw115("CREATE TABLE tag (name text NOT NULL CONSTRAINT tag_name_key UNIQUE);", pg_server)
    assert [(o, s) for o, s, _ in found] == [("public.tag", "warning")]
    assert "CREATE UNIQUE INDEX CONCURRENTLY" in found[0][2] and "USING INDEX" in found[0][2]


def test_nullable_or_partial_unique_index_is_not_a_key(pg_server: EmbeddedServer) -> None:
    found = _sw115(
        "CREATE TABLE a (email text, deleted_at timestamptz);\n"
        "CREATE UNIQUE INDEX a_email ON a (email);\n"
        "CREATE TABLE b (code text NOT NULL, deleted_at timestamptz);\n"
        "CREATE UNIQUE INDEX b_code ON b (code) WHERE deleted_at IS NULL;",
        pg_server,
    )
    assert [(o, s) for o, s, _ in found] == [("public.a", "error"), ("public.b", "error")]
