"""The planner's growth with the number of statements: a generated schema of every common object kind (tables
with keys, checks, foreign keys and indexes, trigger functions and triggers, row-level security policies, views,
comments) planned into an empty database (everything created: a first deploy), then an empty document planned
against the built database (everything dropped). Only the planner's own stage (``timings["plan"]``, pure: data
in, data out) is fitted; the shadow build and the inspections are measured by bench/run.py.

A plan visits every differ statement, and a rewrite that scans all statements for each one is quadratic: at
musicbrainz's size (6000 statements) such scans took 164 s to create everything and 194 s to drop it.

    python bench/planner_scale.py [--sizes 100,300,1000] [--write]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.run import exponent, write_section  # noqa: E402

from schemawright import engine  # noqa: E402
from schemawright.connect.embedded import temporary_server  # noqa: E402
from schemawright.spec import load  # noqa: E402

HEADING = "## Planner growth (`bench/planner_scale.py`)"


def rich_schema(tables: int) -> str:
    """``tables`` tables in schema ``app``, each with eight statements' worth of objects around it."""
    out = ["CREATE SCHEMA app;"]
    for i in range(tables):
        parent = f", parent_id bigint REFERENCES app.t{i - 1:04d} (id)" if i else ""
        out.append(
            f"CREATE TABLE app.t{i:04d} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, owner text NOT NULL, "
            f"amount numeric CHECK (amount >= 0){parent});\n"
            f"CREATE INDEX t{i:04d}_owner ON app.t{i:04d} (owner);\n"
            f"CREATE FUNCTION app.touch{i:04d}() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN NEW.owner := lower(NEW.owner); RETURN NEW; END $$;\n"
            f"CREATE TRIGGER t{i:04d}_touch BEFORE INSERT ON app.t{i:04d} FOR EACH ROW "
            f"EXECUTE FUNCTION app.touch{i:04d}();\n"
            f"ALTER TABLE app.t{i:04d} ENABLE ROW LEVEL SECURITY;\n"
            f"CREATE POLICY t{i:04d}_own ON app.t{i:04d} USING (owner = current_user);\n"
            f"CREATE VIEW app.v{i:04d} AS SELECT id, owner FROM app.t{i:04d} WHERE amount > 0;\n"
            f"COMMENT ON TABLE app.t{i:04d} IS 'table {i}';"
        )
    return "\n".join(out) + "\n"


def _document(path: Path, sql: str) -> Path:
    body = "\n".join(f"    {line}" for line in sql.splitlines())
    path.write_text(
        "apiVersion: schemawright.io/v1alpha1\nkind: DatabaseSchema\nmetadata: {name: scale}\nspec:\n"
        f"  database: {{schemas: [app]}}\n  sql: |\n{body}\n"
    )
    return path


def main(argv: list[str] | None = None) -> int:
    """Measure and print (``--write``: also into bench/RESULTS.md)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300,1000", help="comma-separated table counts")
    parser.add_argument("--write", action="store_true", help="put the section into bench/RESULTS.md")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="schemawright-planner-"))
    os.environ["SCHEMAWRIGHT_HOME"] = str(work / "home")
    rows: list[tuple[int, int, float, int, float]] = []
    with temporary_server() as server:
        admin = server.url("postgres")
        for n in sizes:
            full = load(_document(work / f"full{n}.yaml", rich_schema(n)))
            empty_doc = load(_document(work / f"empty{n}.yaml", "CREATE SCHEMA app;"))
            empty = server.ensure_database(f"empty_{n}")
            created = engine.make_plan(full, empty, admin)
            built = server.ensure_database(f"built_{n}")
            engine.apply(full, built, admin)
            dropped = engine.make_plan(empty_doc, built, admin)
            rows.append(
                (
                    n,
                    len(created.plan.steps),
                    created.timings["plan"],
                    len(dropped.plan.steps),
                    dropped.timings["plan"],
                )
            )
            print(f"{n} tables: create {rows[-1][2]:.2f}s, drop {rows[-1][4]:.2f}s", flush=True)
    lines = [
        HEADING,
        "",
        "The planner's own stage only (pure, in process), on a generated schema of every common object kind: a "
        "first deploy into an empty database, and an empty document against the built one. Goal: growth "
        "exponent ≤ 1.1.",
        "",
        "| tables | create: steps | create: planner (s) | drop: steps | drop: planner (s) |",
        "|---:|---:|---:|---:|---:|",
        *(f"| {n} | {cs} | {ct:.2f} | {ds} | {dt:.2f} |" for n, cs, ct, ds, dt in rows),
    ]
    if len(rows) >= 2:
        steps = [float(r[1]) for r in rows]
        lines += [
            "",
            f"- growth exponent over the number of steps: create {exponent(steps, [r[2] for r in rows]):.2f}, "
            f"drop {exponent([float(r[3]) for r in rows], [r[4] for r in rows]):.2f}",
            f"- largest: {rows[-1][2] / max(rows[-1][1], 1) * 1000:.2f} ms per created step, "
            f"{rows[-1][4] / max(rows[-1][3], 1) * 1000:.2f} ms per dropped step "
            f"(median over sizes: {statistics.median(r[2] / max(r[1], 1) for r in rows) * 1000:.2f} ms)",
        ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        write_section(HERE / "RESULTS.md", HEADING, text)
    return 0 if all(math.isfinite(r[2]) for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
