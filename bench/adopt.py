"""Plan time on the adoption corpus: for every corpus schema, a database built from it, then the no-change plan
of the same DDL (guard → shadow → inspect → migra → normalise → plan) against `migra` alone on the same pair
(the live database and a database already built from the same DDL); then the first deploy, the same document
planned into an empty database (every object created: thousands of statements for the planner, the shadow's
template kept from the first plan). Prints a Markdown table for bench/RESULTS.md.

    python scripts/corpus.py --mirror /work/.mirror     # the corpus files (tests/corpus/NOTICE.md)
    python bench/adopt.py [--only pagila,synapse]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import psycopg

from schemawright import engine
from schemawright.adopt.dump import restorable
from schemawright.connect.embedded import temporary_server
from schemawright.diff import MigraDiffer
from schemawright.spec import load

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "adopt"))

import corpus_schemas  # noqa: E402 - the test helper that reads the manifest


def _build(url: str, script: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(restorable(script).encode())


def main(argv: list[str] | None = None) -> int:
    """Measure every (or the ``--only``) corpus schema."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated corpus names")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    print(
        "| schema | tables | plan (s) | guard | shadow build | inspect (both) | migra in plan | normalise | "
        "migra alone (s) | plan / migra | steps | into an empty database (s) | its planner (s) | its steps |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with temporary_server() as server:
        # warm up: the first migra call imports SQLAlchemy and migra, the first plan loads the guard's parser
        warm = server.ensure_database("warm")
        MigraDiffer().diff(warm, warm, ["public"])
        for schema in corpus_schemas.schemas():
            if (only and schema.name not in only) or not schema.path.exists() or schema.chain:
                continue  # a migration chain is history, not a document: the upgrade tests use it
            script = schema.path.read_text()
            live = server.ensure_database(f"live_{schema.name}")
            _build(live, script)
            desired = load(schema.path, overrides=schema.overrides)
            start = time.perf_counter()
            result = engine.make_plan(desired, live, server.url("postgres"))
            plan_s = time.perf_counter() - start  # the stages nest (the shadow's holds inspect, diff, normalise)
            twin = server.ensure_database(f"twin_{schema.name}")
            _build(twin, script)
            start = time.perf_counter()
            MigraDiffer().diff(live, twin, desired.schemas)
            migra_s = time.perf_counter() - start
            empty = server.ensure_database(f"empty_{schema.name}")
            start = time.perf_counter()
            first = engine.make_plan(desired, empty, server.url("postgres"))
            first_s = time.perf_counter() - start
            tables = len(result.live.tables)
            stage = result.timings.get
            build = stage("shadow", 0) - stage("inspect_desired", 0) - stage("diff", 0) - stage("normalise", 0)
            print(
                f"| {schema.name} | {tables} | {plan_s:.1f} | {stage('guard', 0):.1f} | {build:.1f} | "
                f"{stage('inspect_live', 0) + stage('inspect_desired', 0):.1f} | {stage('diff', 0):.1f} | "
                f"{stage('normalise', 0):.2f} | {migra_s:.1f} | {plan_s / migra_s:.1f}× | {len(result.plan.steps)} | "
                f"{first_s:.1f} | {first.timings.get('plan', 0):.1f} | {len(first.plan.steps)} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
