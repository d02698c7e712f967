"""``schemawright demo``: the shop example on the embedded PostgreSQL, v1 with rows → plan → v2."""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

import schemawright
from schemawright.connect.db import connect
from schemawright.connect.targets import embedded
from schemawright.errors import DatabaseError
from schemawright.report.progress import ConsoleReporter
from schemawright.report.render import print_plan

DEMO_DATABASE = "schemawright_demo_shop"


def examples_dir() -> Path:
    """The repository's ``examples/`` folder (the demo runs from a checkout)."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "examples" / "shop"
        if candidate.is_dir():
            return candidate
    raise DatabaseError("the demo needs the repository's examples/shop folder: run it from a checkout")


def row_counts(url: str, schemas: tuple[str, ...]) -> dict[str, int]:
    """Exact row counts of every table in ``schemas``."""
    with connect(url) as conn:
        tables = conn.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
            "WHERE schemaname = ANY(%s) ORDER BY 1",
            (list(schemas),),
        ).fetchall()
        counts: dict[str, int] = {}
        for (table,) in tables:
            row = conn.execute(f"SELECT count(*) FROM {table}".encode()).fetchone()
            counts[str(table)] = int(str(row[0])) if row else 0
        return counts


def run_demo(out: Console) -> int:
    """Run the demo; returns the exit code (0 when v2 is reached with every row intact)."""
    shop = examples_dir()
    server = embedded()
    server.drop_database(DEMO_DATABASE)
    url = server.ensure_database(DEMO_DATABASE)
    shadow = server.url("postgres")
    v1, v2 = schemawright.load(shop / "v1" / "schema.yaml"), schemawright.load(shop / "v2" / "schema.yaml")

    out.rule("1. a live database at shop v1, with rows")
    schemawright.apply(v1, url, shadow)
    with connect(url) as conn:
        conn.execute((shop / "seed.sql").read_text().encode())
    before = row_counts(url, v1.schemas)
    out.print(f"embedded PostgreSQL database {DEMO_DATABASE}: " + ", ".join(f"{t} {n}" for t, n in before.items()))

    out.rule("2. plan v1 → v2")
    started = time.perf_counter()
    result = schemawright.make_plan(v2, url, shadow)
    out.print(
        f"planned in {time.perf_counter() - started:.2f}s "
        f"({', '.join(f'{k} {v:.2f}s' for k, v in result.timings.items())})"
    )
    print_plan(result.plan, out)

    out.rule("3. apply: expand → backfill → constrain, then wait at the switch")
    with ConsoleReporter(out) as reporter:
        first = schemawright.apply(v2, url, shadow, on_event=reporter)
    out.print(f"ran {len(first.report.results)} step(s); {len(first.report.waiting)} contract step(s) wait:")
    out.print(first.gate.message or "", markup=False)

    out.rule("4. the application is deployed; the contract phase is approved")
    out.print(f"schemawright apply … --approve {first.plan.hash}")
    with ConsoleReporter(out) as reporter:
        second = schemawright.apply(v2, url, shadow, approve=first.plan.hash, on_event=reporter)
    out.print(
        f"resumed plan {second.plan.hash} at step {second.resumed_at}: ran {len(second.report.results)} "
        "contract step(s)"
    )

    out.rule("5. verify")
    remaining = schemawright.make_plan(v2, url, shadow)
    after = row_counts(url, v2.schemas)
    renamed = schemawright.renamed_tables(v2)
    table = Table("table (v1 → v2)", "rows before", "rows after")
    intact = True
    for name, count in before.items():
        now_name = renamed.get(name, name)
        now = after.get(now_name)
        intact &= now == count
        table.add_row(name if now_name == name else f"{name} → {now_name}", str(count), str(now))
    out.print(table)
    same = not remaining.diff and remaining.plan.is_empty
    out.print(
        f"live schema equals v2: [{'green' if same else 'red'}]{same}[/] "
        f"(differ statements left: {len(remaining.diff)}); every row intact: "
        f"[{'green' if intact else 'red'}]{intact}[/]"
    )
    return 0 if same and intact else 1
