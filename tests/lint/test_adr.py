"""ADRs: every plan gets one (Markdown, and a compact form for an annotation); spec.decisions export."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from schemawright import engine
from schemawright.classify.hazards import Hazard
from schemawright.cli.app import main
from schemawright.connect.embedded import EmbeddedServer
from schemawright.plan import PhaseName
from schemawright.plan.model import Backfill, Step
from schemawright.report import adr
from schemawright.spec import DesiredSchema, load

ROOT = Path(__file__).resolve().parents[2]
SHOP = ROOT / "examples" / "shop"

LIVE = """
CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT uuidv7(), created_at timestamptz NOT NULL DEFAULT now(),
                     legacy_code text);
INSERT INTO orders (created_at) SELECT now() - n * interval '1 minute' FROM generate_series(1, 5000) n;
ANALYZE orders;
"""
DESIRED = """\
apiVersion: schemawright.io/v1alpha1
kind: DatabaseSchema
metadata: {name: orders}
spec:
  tables:
    - name: orders
      primaryKey: {columns: [id]}
      columns:
        - {name: id, type: uuid, nullable: false, default: uuidv7()}
        - {name: created_at, type: timestamptz, nullable: false, default: now()}
        - {name: placed_at, type: timestamptz, nullable: false, backfill: created_at}
      indexes:
        - {name: orders_created_idx, columns: [{name: created_at}]}
  decisions:
    - id: ADR-0003
      title: Orders keep their business time
      context: Marketplace orders arrive late.
      decision: placed_at is filled from created_at for old rows.
      rules: []
      objects: [public.orders.placed_at]
    - id: ADR-0004
      title: Something about invoices
      context: c
      decision: d
      objects: [public.invoices]
"""


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def planned(
    tmp_path: Path, make_database: Callable[[str], str], pg_server: EmbeddedServer
) -> tuple[engine.PlanResult, DesiredSchema]:
    live = make_database("adr")
    with psycopg.connect(live, autocommit=True) as conn:
        conn.execute(LIVE.encode())
    path = tmp_path / "orders.yaml"
    path.write_text(DESIRED)
    desired = load(path)
    return engine.make_plan(desired, live, pg_server.url("postgres")), desired


def test_every_plan_gets_a_madr_style_record(planned: tuple[engine.PlanResult, DesiredSchema]) -> None:
    result, desired = planned
    text = adr.plan_adr(result.plan, desired=desired, live=result.live, number=7, date="2026-01-02")
    assert text.startswith(f"# ADR-0007: Schema change for orders: plan {result.plan.hash}\n")
    assert "- Date: 2026-01-02" in text and result.plan.fingerprint in text
    sections = [
        "## Context and problem statement",
        "## Decision",
        "### expand",
        "### backfill",
        "### constrain",
        "### switch",
        "### contract",
        "## Consequences",
        "### Locks",
        "### Expected duration",
        "### Rollback",
        "## Decisions relied on",
    ]
    positions = [text.index(s) for s in sections]
    assert positions == sorted(positions)
    # context: what changes, on how big a table, with which hazards
    assert "| `public.orders` | ~5,000 rows" in text
    assert "`BACKFILL`: updates existing rows, in batches" in text
    assert "`DELETES_DATA`" in text
    # decision: every step with its reason
    assert "**BACKFILL** on `public.orders`: fill placed_at" in text
    assert "CREATE INDEX CONCURRENTLY" in text
    # consequences: locks, duration, rollback, approval
    assert "| `public.orders` | ACCESS EXCLUSIVE |" in text
    assert "batches of 1000" in text
    assert 'DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_created_idx"' in text
    assert "**irreversible**" in text
    assert f"approval of plan `{result.plan.hash}`" in text
    # the decisions it relied on: those about the tables it touches
    assert "ADR-0003: Orders keep their business time" in text
    assert "Something about invoices" not in text


def test_the_compact_form_is_bounded_and_tells_the_same_facts(planned: tuple[engine.PlanResult, DesiredSchema]) -> None:
    result, desired = planned
    full = adr.compact(result.plan, desired=desired, live=result.live)
    assert len(full.encode()) <= adr.COMPACT_LIMIT
    assert result.plan.hash in full and "public.orders (~5,000 rows" in full and "ADR-0003" in full
    assert "approval: 1 contract step(s)" in full
    short = adr.compact(result.plan, desired=desired, live=result.live, limit=300)
    assert len(short.encode()) <= 300
    assert short.splitlines()[0] == full.splitlines()[0]
    assert short.endswith("more line(s) in the full ADR")


def test_duration_is_estimated_from_table_size() -> None:
    build = Step(
        sql="CREATE INDEX CONCURRENTLY …",
        phase=PhaseName.EXPAND,
        reason="r",
        kind="CREATE INDEX",
        hazards=(Hazard.INDEX_BUILD,),
    )
    assert adr.estimate_seconds(build, 0, 500 * 1024 * 1024) == pytest.approx(10)
    fill = Step(
        sql="UPDATE …",
        phase=PhaseName.BACKFILL,
        reason="r",
        kind="BACKFILL",
        hazards=(Hazard.BACKFILL,),
        backfill=Backfill("public", "t", "c", "0", ("id",), 1000),
    )
    assert adr.estimate_seconds(fill, 100_000, 0, pause_ms=100) == pytest.approx(10 + 100 * 0.1)
    assert [adr.duration_text(s) for s in (0.2, 40, 600, 9000)] == ["< 1 s", "~40 s", "~10 min", "~2.5 h"]


def test_plan_writes_the_next_numbered_adr_and_carries_it_in_json(
    tmp_path: Path, make_database: Callable[[str], str], pg_server: EmbeddedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    live, shadow = make_database("shop"), pg_server.url("postgres")
    engine.apply(load(SHOP / "v1" / "schema.yaml"), live, shadow)
    with psycopg.connect(live, autocommit=True) as conn:
        conn.execute((SHOP / "seed.sql").read_text().encode())
        conn.execute("ANALYZE")
    folder = tmp_path / "adr"
    folder.mkdir()
    (folder / "0001-use-postgresql.md").write_text("# ADR-0001\n")
    targets = ["--database", live, "--shadow-url", shadow]
    code, out, err = cli(
        capsys, "plan", str(SHOP / "v2" / "schema.yaml"), *targets, "--format", "json", "--adr", str(folder)
    )
    assert code == 0
    plan = json.loads(out)
    assert plan["adr"].startswith(f"# Schema change for shop: plan {plan['hash']}")
    assert "ADR-0004: Rare parent deletes" in plan["adr"]  # a decision about tables the plan touches
    written = folder / f"0002-schema-change-for-shop-plan-{plan['hash']}.md"
    assert f"wrote {written}" in err
    assert written.read_text().startswith(f"# ADR-0002: Schema change for shop: plan {plan['hash']}")
    assert "TABLE_REWRITE" in written.read_text()  # order_items.quantity integer -> bigint
    # a plan with nothing to do writes no ADR
    code, _, err = cli(
        capsys,
        "plan",
        str(SHOP / "v1" / "schema.yaml"),
        "--database",
        make_database("empty"),
        "--shadow-url",
        shadow,
        "--adr",
        str(folder),
    )
    assert code == 0
    assert "no changes" not in err  # an empty database to v1 is a real plan
    assert len(list(folder.glob("*.md"))) == 3


def test_an_empty_plan_writes_no_adr(
    tmp_path: Path, make_database: Callable[[str], str], pg_server: EmbeddedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    live = make_database("same")
    doc = tmp_path / "same.yaml"
    doc.write_text(DESIRED)
    engine.apply(load(doc), live, pg_server.url("postgres"))
    code, out, err = cli(
        capsys,
        "plan",
        str(doc),
        "--database",
        live,
        "--shadow-url",
        pg_server.url("postgres"),
        "--adr",
        str(tmp_path / "adr"),
        "--format",
        "json",
    )
    assert code == 0 and "no changes: no ADR written" in err
    assert "nothing changes" in json.loads(out)["adr"]
    assert not (tmp_path / "adr").exists()


def test_adr_export_renders_the_decisions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "decisions"
    code, out, _ = cli(capsys, "adr", "export", str(SHOP / "v2" / "schema.yaml"), "--out", str(out_dir))
    assert code == 0
    names = sorted(p.name for p in out_dir.iterdir())
    assert names == [
        "0001-jsonb-for-product-attributes.md",
        "0002-varchar-64-for-the-sku.md",
        "0003-no-partial-index-for-active-tenants.md",
        "0004-rare-parent-deletes-may-scan-instead-of-a-foreign-key-index.md",
    ]
    text = (out_dir / names[0]).read_text()
    for part in (
        "# ADR-0001: JSONB for product attributes",
        "- Status: accepted",
        "- Date: 2025-01-15",
        "- Lint rules acknowledged: SW104 on `public.products.attributes`",
        "## Context and problem statement",
        "## Decision",
        "## Consequences",
    ):
        assert part in text
    assert cli(capsys, "adr", "export", str(SHOP / "v2" / "schema.yaml"), "--out", str(out_dir))[0] == 0  # again
    (out_dir / "0003-something-else.md").write_text("# another ADR 3\n")
    code, _, err = cli(capsys, "adr", "export", str(SHOP / "v2" / "schema.yaml"), "--out", str(out_dir))
    assert code == 2 and "0003-something-else.md" in err
    code, out, _ = cli(capsys, "adr", "export", str(SHOP / "v1" / "schema.yaml"))
    assert code == 0 and "<!-- 0002-varchar-32-for-the-sku.md -->" in out


def test_decisions_without_a_number_follow_the_numbered_ones(tmp_path: Path) -> None:
    doc = tmp_path / "d.yaml"
    doc.write_text(DESIRED.replace("id: ADR-0004", "id: invoices-choice"))
    names = [name for name, _ in adr.decision_files(load(doc))]
    assert names == ["0003-orders-keep-their-business-time.md", "0004-something-about-invoices.md"]
