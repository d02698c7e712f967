"""The linter end to end (real embedded PostgreSQL): the shop examples, access patterns, decisions,
output formats and the command line's exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

from schemawright import engine
from schemawright.cli.app import main
from schemawright.connect.embedded import EmbeddedServer
from schemawright.errors import GuardError
from schemawright.lint import ALL_RULES, LintReport, lint
from schemawright.lint.output import report_json, report_sarif
from schemawright.spec import from_document, load

ROOT = Path(__file__).resolve().parents[2]
SHOP = ROOT / "examples" / "shop"

BASE: dict[str, Any] = {
    "apiVersion": "schemawright.io/v1alpha1",
    "kind": "DatabaseSchema",
    "metadata": {"name": "lint-test"},
    "spec": {
        "tables": [
            {
                "name": "tenants",
                "primaryKey": {"columns": ["id"]},
                "columns": [
                    {"name": "id", "type": "uuid", "nullable": False, "default": "uuidv7()"},
                    {"name": "name", "type": "text", "nullable": False},
                ],
            },
            {
                "name": "orders",
                "primaryKey": {"columns": ["id"]},
                "foreignKeys": [
                    {
                        "name": "orders_tenant_id_fkey",
                        "columns": ["tenant_id"],
                        "references": {"table": "tenants", "columns": ["id"]},
                    }
                ],
                "indexes": [{"name": "orders_tenant_idx", "columns": [{"name": "tenant_id"}]}],
                "rowLevelSecurity": {
                    "enabled": True,
                    "policies": [
                        {"name": "tenant_isolation", "using": "tenant_id = current_setting('app.tenant', true)::uuid"}
                    ],
                },
                "columns": [
                    {"name": "id", "type": "uuid", "nullable": False, "default": "uuidv7()"},
                    {"name": "tenant_id", "type": "uuid", "nullable": False},
                    {"name": "status", "type": "text", "nullable": False},
                    {"name": "details", "type": "jsonb"},
                    {"name": "created_at", "type": "timestamptz", "nullable": False, "default": "now()"},
                ],
            },
        ]
    },
}
JSONB_DECISION = {
    "id": "ADR-0001",
    "title": "JSONB order details",
    "context": "Details differ per channel.",
    "decision": "Keep them in orders.details.",
    "rules": ["SW104"],
    "objects": ["public.orders.details"],
}


def document(**spec: Any) -> dict[str, Any]:
    """BASE with ``spec`` keys replaced (deep-copied through JSON)."""
    doc: dict[str, Any] = json.loads(json.dumps(BASE))
    doc["spec"].update(json.loads(json.dumps(spec)))
    return doc


def run_lint(doc: dict[str, Any], server: EmbeddedServer, live_url: str | None = None) -> LintReport:
    return lint(from_document(doc, "test.yaml"), server.url("postgres"), live_url=live_url)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ------------------------------------------------------------------ the shop


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_shop_lints_clean_its_deviations_recorded_as_decisions(version: str, pg_server: EmbeddedServer) -> None:
    report = lint(load(SHOP / version / "schema.yaml"), pg_server.url("postgres"))
    assert report.findings == ()
    acknowledged = {(s.decision, s.finding.rule) for s in report.suppressed}
    assert {("ADR-0001", "SW104"), ("ADR-0002", "SW113"), ("ADR-0003", "SW109"), ("ADR-0004", "SW102")} == acknowledged


def test_shop_v2_lints_clean_against_the_seeded_v1_database(
    pg_server: EmbeddedServer, make_database: Callable[[str], str]
) -> None:
    live = make_database("shop")
    shadow = pg_server.url("postgres")
    engine.apply(load(SHOP / "v1" / "schema.yaml"), live, shadow)
    with psycopg.connect(live, autocommit=True) as conn:
        conn.execute((SHOP / "seed.sql").read_text().encode())
        conn.execute("ANALYZE")
    report = lint(load(SHOP / "v2" / "schema.yaml"), shadow, live_url=live)
    assert report.live
    assert report.findings == ()


# ------------------------------------------------------------------ access patterns


def test_unserved_pattern_names_the_query_suggests_an_index_and_carries_the_plan(pg_server: EmbeddedServer) -> None:
    doc = document(
        decisions=[JSONB_DECISION],
        accessPatterns=[
            {
                "name": "status board",
                "frequency": "high",
                "query": "SELECT id FROM orders WHERE tenant_id = $1 AND status = $2 AND created_at > $3 "
                "ORDER BY created_at DESC LIMIT 20",
            }
        ],
    )
    doc["spec"]["tables"][1]["indexes"] = []  # tenant_id unindexed: SW102 too
    report = run_lint(doc, pg_server)
    finding = next(f for f in report.findings if f.rule == "SW120")
    assert finding.object == "public.orders"
    assert "status board" in finding.message and "tenant_id = $1" in finding.message
    assert finding.explain is not None and "Seq Scan on orders" in finding.explain
    # equality columns first, then the sort column (which also serves the range)
    assert '("tenant_id", "status", "created_at" DESC)' in finding.fix
    assert "{name: created_at, order: desc}" in finding.fix
    assert finding.path == "spec.accessPatterns[0]"
    assert {f.rule for f in report.findings} == {"SW102", "SW120"}


def test_low_frequency_unserved_pattern_is_informational(pg_server: EmbeddedServer) -> None:
    doc = document(
        decisions=[JSONB_DECISION],
        accessPatterns=[
            {"name": "audit", "frequency": "low", "query": "SELECT id FROM orders WHERE status = 'x'"},
            {"name": "tenant orders", "query": "SELECT id FROM orders WHERE tenant_id = $1"},
        ],
    )
    report = run_lint(doc, pg_server)
    assert [(f.rule, str(f.severity)) for f in report.findings] == [("SW120", "info")]


def test_an_index_that_is_only_second_best_still_serves_a_pattern(pg_server: EmbeddedServer) -> None:
    doc = document(
        decisions=[JSONB_DECISION],
        accessPatterns=[
            {"name": "details filter", "query": "SELECT id FROM orders WHERE tenant_id = $1 AND details @> $2"}
        ],
    )
    doc["spec"]["tables"][1]["indexes"].append(
        {"name": "orders_details_idx", "method": "gin", "columns": [{"name": "details", "opclass": "jsonb_path_ops"}]}
    )
    report = run_lint(doc, pg_server)
    assert report.findings == ()  # the planner prefers orders_tenant_idx; the GIN index is still servable


def test_writes_and_joins_through_views_are_planned_too(pg_server: EmbeddedServer) -> None:
    doc = document(
        decisions=[JSONB_DECISION],
        sql="CREATE VIEW open_orders AS SELECT o.id, t.name FROM orders o JOIN tenants t "
        "ON t.id = o.tenant_id WHERE o.status = 'open';",
        accessPatterns=[
            {"name": "close", "query": "UPDATE orders SET status = 'closed' WHERE id = $1"},
            {"name": "open orders of a tenant", "query": "SELECT id FROM open_orders WHERE name = $1"},
        ],
    )
    report = run_lint(doc, pg_server)
    # the UPDATE is served by the primary key; the view's filter on orders.status is not: the planner walks
    # a whole index of orders (no Index Cond, only a Filter), which is no better than a sequential scan
    assert [(f.rule, f.object) for f in report.findings] == [("SW120", "public.orders")]
    assert "open orders of a tenant" in report.findings[0].message
    assert "status = 'open'" in report.findings[0].message and '("status")' in report.findings[0].fix


def test_unqualified_names_in_patterns_resolve_in_the_managed_schemas(pg_server: EmbeddedServer) -> None:
    doc = document(
        decisions=[{**JSONB_DECISION, "objects": ["app.orders.details"]}],
        database={"schemas": ["app"]},
        extensions=["citext"],
        accessPatterns=[
            {"name": "by tenant", "query": "SELECT id FROM orders WHERE tenant_id = $1"},
            {"name": "by status", "query": "SELECT id FROM orders WHERE status::citext = $1"},
        ],
    )
    report = run_lint(doc, pg_server)
    assert [(f.rule, f.object) for f in report.findings] == [("SW120", "app.orders")]
    assert "by status" in report.findings[0].message


def test_a_pattern_calling_a_forbidden_function_is_refused_before_any_database(
    pg_server: EmbeddedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = document(accessPatterns=[{"name": "steal", "query": "SELECT pg_read_file('/etc/passwd')"}])
    with psycopg.connect(pg_server.url("postgres"), autocommit=True) as conn:
        before = conn.execute("SELECT count(*) FROM pg_database").fetchone()
    with pytest.raises(GuardError, match="pg_read_file"):
        run_lint(doc, pg_server)
    path = tmp_path / "steal.yaml"
    path.write_text(yaml.safe_dump(doc))
    code, _, err = cli(capsys, "lint", str(path), "--shadow-url", pg_server.url("postgres"))
    assert code == 2 and "spec.accessPatterns[0].query" in err
    with psycopg.connect(pg_server.url("postgres"), autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM pg_database").fetchone() == before


def test_no_unused_index_findings_without_access_patterns(pg_server: EmbeddedServer) -> None:
    doc = document(decisions=[JSONB_DECISION])
    doc["spec"]["tables"][1]["indexes"].append({"name": "orders_status_idx", "columns": [{"name": "status"}]})
    assert run_lint(doc, pg_server).findings == ()
    doc["spec"]["accessPatterns"] = [{"name": "by tenant", "query": "SELECT id FROM orders WHERE tenant_id = $1"}]
    assert [(f.rule, f.object) for f in run_lint(doc, pg_server).findings] == [("SW121", "public.orders_status_idx")]


# ------------------------------------------------------------------ decisions


def test_a_decision_acknowledges_a_finding_by_rule_and_object(pg_server: EmbeddedServer) -> None:
    assert [f.rule for f in run_lint(document(), pg_server).findings] == ["SW104"]
    for objects in (["public.orders.details"], ["public.orders"], ["public.*"], ["*.details"]):
        report = run_lint(document(decisions=[{**JSONB_DECISION, "objects": objects}]), pg_server)
        assert report.findings == (), objects
        assert [(s.decision, s.finding.object) for s in report.suppressed] == [("ADR-0001", "public.orders.details")]


@pytest.mark.parametrize(
    "change",
    [{"status": "proposed"}, {"rules": ["SW113"]}, {"objects": ["public.tenants"]}, {"objects": ["public.orders.det"]}],
)
def test_a_decision_about_something_else_acknowledges_nothing(
    change: dict[str, Any], pg_server: EmbeddedServer
) -> None:
    report = run_lint(document(decisions=[{**JSONB_DECISION, **change}]), pg_server)
    assert [f.rule for f in report.findings] == ["SW104"] and report.suppressed == ()


def test_a_decision_without_rationale_is_an_error_and_acknowledges_nothing(
    pg_server: EmbeddedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bare = {k: v for k, v in JSONB_DECISION.items() if k not in {"context", "decision"}}
    report = run_lint(
        document(
            decisions=[
                bare,
                {
                    "id": "ADR-0002",
                    "title": "Silence the silencer",
                    "context": "x",
                    "decision": "y",
                    "rules": ["SW100"],
                    "objects": ["*"],
                },
            ]
        ),
        pg_server,
    )
    assert [(f.rule, str(f.severity), f.object) for f in report.findings] == [
        ("SW100", "error", "decision:ADR-0001"),
        ("SW104", "warning", "public.orders.details"),
    ]
    assert report.failed
    path = tmp_path / "bare.yaml"
    path.write_text(yaml.safe_dump(document(decisions=[bare])))
    code, out, _ = cli(capsys, "lint", str(path), "--shadow-url", pg_server.url("postgres"))
    assert code == 2 and "SW100" in out


def test_unknown_rules_and_missing_objects_in_a_decision_are_errors(pg_server: EmbeddedServer) -> None:
    report = run_lint(
        document(
            decisions=[
                {**JSONB_DECISION, "rules": ["SW104", "SW999"]},
                {**JSONB_DECISION, "id": "ADR-0002", "objects": []},
            ]
        ),
        pg_server,
    )
    messages = [f.message for f in report.findings if f.rule == "SW100"]
    assert len(messages) == 2 and "SW999" in messages[0] and "no objects" in messages[1]


# ------------------------------------------------------------------ formats and exit codes


def test_json_format_has_exactly_the_documented_keys(
    pg_server: EmbeddedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(yaml.safe_dump(document()))
    code, out, _ = cli(capsys, "lint", str(path), "--shadow-url", pg_server.url("postgres"), "--format", "json")
    assert code == 0  # a warning only
    data = json.loads(out)
    assert list(data) == ["findings"]
    (finding,) = data["findings"]
    assert list(finding)[:5] == ["rule", "severity", "object", "message", "fix"]
    assert finding["rule"] == "SW104" and finding["severity"] == "warning"
    assert finding["object"] == "public.orders.details" and finding["path"] == "spec.tables[1].columns[3]"


def test_sarif_is_a_minimal_valid_2_1_0_log_pointing_at_the_line(pg_server: EmbeddedServer, tmp_path: Path) -> None:
    path = tmp_path / "doc.yaml"
    text = yaml.safe_dump(document(), sort_keys=False)
    path.write_text(text)
    report = lint(load(path), pg_server.url("postgres"))
    log = json.loads(report_sarif(report))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "schemawright" and [r["id"] for r in driver["rules"]] == [r.id for r in ALL_RULES]
    (result,) = run["results"]
    assert result["ruleId"] == "SW104" and result["level"] == "warning"
    assert driver["rules"][result["ruleIndex"]]["id"] == "SW104"
    location = result["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == path.as_posix()
    line = location["physicalLocation"]["region"]["startLine"]
    assert "details" in text.splitlines()[line - 1]
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "public.orders.details"
    assert json.loads(report_json(report))["findings"][0]["rule"] == "SW104"


def test_exit_codes(pg_server: EmbeddedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shadow = ["--shadow-url", pg_server.url("postgres")]
    clean = tmp_path / "clean.yaml"
    clean.write_text(yaml.safe_dump(document(decisions=[JSONB_DECISION])))
    assert cli(capsys, "lint", str(clean), *shadow)[0] == 0
    no_pk = document(decisions=[JSONB_DECISION])
    no_pk["spec"]["tables"].append({"name": "audit_log", "columns": [{"name": "message", "type": "text"}]})
    broken = tmp_path / "no-pk.yaml"
    broken.write_text(yaml.safe_dump(no_pk))
    code, out, _ = cli(capsys, "lint", str(broken), *shadow)
    assert code == 2 and "SW115" in out and "public.audit_log" in out
    code, out, _ = cli(capsys, "lint", str(broken), *shadow, "--format", "sarif")
    assert code == 2 and json.loads(out)["runs"][0]["results"][0]["level"] == "error"
    assert cli(capsys, "lint", str(tmp_path / "missing.yaml"), *shadow)[0] == 2
    assert cli(capsys, "lint", str(clean), "--database", "mysql://nope", *shadow)[0] == 2


def test_sql_documents_are_judged_like_yaml(
    pg_server: EmbeddedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "schema.sql"
    script.write_text("CREATE TABLE events (id bigserial PRIMARY KEY, at timestamp NOT NULL, price money);\n")
    code, out, _ = cli(capsys, "lint", str(script), "--shadow-url", pg_server.url("postgres"), "--format", "json")
    assert code == 0
    assert sorted((f["rule"], f["object"]) for f in json.loads(out)["findings"]) == [
        ("SW111", "public.events.at"),
        ("SW112", "public.events.id"),
        ("SW114", "public.events.price"),
    ]
