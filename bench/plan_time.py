"""Plan time: the shop example (v1 live with rows → v2) and a generated 100-table schema.

Prints seconds per stage and ratios against a baseline measured in the same run (the time to build the
shadow alone, i.e. the floor any shadow-based planner pays). Run: python bench/plan_time.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import psycopg

from schemawright import engine
from schemawright.connect.embedded import temporary_server
from schemawright.execute import Options, apply_plan
from schemawright.shadow.build import shadow_database
from schemawright.spec import from_document, load

ROOT = Path(__file__).resolve().parents[1]


def generated(tables: int, *, extra_column: bool) -> dict[str, object]:
    """A document with ``tables`` tables, each with an FK to the previous one and two indexes."""
    specs = []
    for i in range(tables):
        columns = [
            {"name": "id", "type": "bigint", "nullable": False, "identity": "always"},
            {"name": "name", "type": "text", "nullable": False},
            {"name": "created_at", "type": "timestamptz", "nullable": False, "default": "now()"},
        ]
        if i:
            columns.append({"name": "parent_id", "type": "bigint"})
        if extra_column:
            columns.append({"name": "note", "type": "text"})
        table: dict[str, object] = {
            "name": f"t{i:03d}",
            "primaryKey": {"columns": ["id"]},
            "columns": columns,
            "indexes": [{"name": f"t{i:03d}_created_idx", "columns": [{"name": "created_at"}]}],
        }
        if i:
            table["foreignKeys"] = [
                {"columns": ["parent_id"], "references": {"table": f"t{i - 1:03d}", "columns": ["id"]}}
            ]
            table["indexes"].append({"name": f"t{i:03d}_parent_idx", "columns": [{"name": "parent_id"}]})  # type: ignore[attr-defined]
        specs.append(table)
    return {
        "apiVersion": "schemawright.io/v1alpha1",
        "kind": "DatabaseSchema",
        "metadata": {"name": f"gen{tables}"},
        "spec": {"tables": specs},
    }


def measure(label: str, desired: object, live_url: str, shadow: str, runs: int = 3) -> None:
    totals, floors, steps = [], [], 0
    for _ in range(runs):
        start = time.perf_counter()
        result = engine.make_plan(desired, live_url, shadow)  # type: ignore[arg-type]
        totals.append(time.perf_counter() - start)
        steps = len(result.plan.steps)
        start = time.perf_counter()
        with shadow_database(shadow, engine.desired_statements(desired), source="bench"):  # type: ignore[arg-type]
            pass
        floors.append(time.perf_counter() - start)
    total, floor = statistics.median(totals), statistics.median(floors)
    print(
        f"{label}: plan {total:.3f}s (median of {runs}), {steps} steps; shadow build alone {floor:.3f}s; "
        f"ratio plan/shadow-floor {total / floor:.2f}; stages of last run: "
        + ", ".join(f"{k} {v:.3f}s" for k, v in result.timings.items())
    )


def main() -> int:
    with temporary_server() as server:
        shadow = server.url("postgres")
        shop = ROOT / "examples" / "shop"
        live = server.ensure_database("bench_shop")
        v1, v2 = load(shop / "v1" / "schema.yaml"), load(shop / "v2" / "schema.yaml")
        apply_plan(engine.make_plan(v1, live, shadow).plan, live, Options(allow_destructive=True))
        with psycopg.connect(live, autocommit=True) as conn:
            conn.execute((shop / "seed.sql").read_text().encode())
        measure("shop v1→v2", v2, live, shadow)

        live100 = server.ensure_database("bench_gen100")
        base = from_document(generated(100, extra_column=False), "gen100")
        apply_plan(engine.make_plan(base, live100, shadow).plan, live100, Options(allow_destructive=True))
        measure("generated 100 tables, no change", base, live100, shadow)
        measure(
            "generated 100 tables, +1 column each",
            from_document(generated(100, extra_column=True), "gen100b"),
            live100,
            shadow,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
