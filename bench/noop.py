"""Goal 1 on its own: the no-op ``schemawright plan`` process against the ``migra`` CLI, side by side.

Builds the N-table pair of bench/run.py, applies the document once (so the next ``plan`` of the same file takes
the no-op path), then alternates, ``--runs`` times each: the bare interpreter, ``migra`` on the pair, and the
no-op ``plan``. Prints medians of wall and CPU and the ratios with the bare interpreter subtracted on both sides,
plus the fingerprint query alone on a new connection (this scheme and the previous release's). Quicker than
``bench/run.py`` (no shadow builds), for working on the no-op path.

Run: ``python bench/noop.py`` (1000 tables), ``--tables 3000``, ``--runs 7``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run as bench

from schemawright.connect.embedded import temporary_server
from schemawright.livestate import fingerprint, fingerprint_v1


def _query_ms(url: str, sql: str, runs: int) -> float:
    """The median time of ``sql`` as the first statement of a new connection (its catalog caches cold)."""
    times = []
    for _ in range(runs):
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET search_path = pg_catalog")
            start = time.perf_counter()
            psycopg.RawCursor(conn).execute(sql, [["public"]]).fetchone()
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    bench.compile_package()
    work = Path(tempfile.mkdtemp(prefix="schemawright-noop-"))
    os.environ["SCHEMAWRIGHT_HOME"] = str(work / "home")  # never the user's embedded server
    with temporary_server() as server:
        same = work / "same.sql"
        same.write_text(bench.schema_sql(args.tables))
        for name in ("live", "twin"):
            bench.build(server.ensure_database(name), same.read_text())
        live, twin, admin = server.url("live"), server.url("twin"), server.url("postgres")
        bench.run([bench.SCHEMAWRIGHT, "apply", str(same), "--database", live, "--shadow-url", admin])
        commands = {
            "bare interpreter": [sys.executable, "-c", "pass"],
            "migra CLI": [bench.MIGRA, "--unsafe", live, twin],
            "plan, no-op": [bench.SCHEMAWRIGHT, "plan", str(same), "--database", live, "--shadow-url", admin],
        }
        results: dict[str, list[bench.Run]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv_ in commands.items():
                results[name].append(bench.run(argv_))
        if "unchanged since plan" not in results["plan, no-op"][-1].stdout:
            raise RuntimeError("the no-op plan took the slow path:\n" + results["plan, no-op"][-1].stdout[-1500:])
        with psycopg.connect(live) as conn:
            version = conn.info.server_version
        queries = {
            f"fingerprint query, {fingerprint.PREFIX.rstrip(':')}": _query_ms(
                live, fingerprint.query(version), args.runs
            ),
            f"fingerprint query, {fingerprint_v1.PREFIX.rstrip(':')} (previous)": _query_ms(
                live, fingerprint_v1.query(version), args.runs
            ),
        }
    wall = {k: statistics.median(r.seconds for r in v) for k, v in results.items()}
    cpu = {k: statistics.median(r.cpu for r in v) for k, v in results.items()}
    print(f"{args.tables} tables, {args.runs} runs each, load average {os.getloadavg()}")
    for name in commands:
        rss = max(r.rss_mib for r in results[name])
        print(f"  {name:18s} wall {wall[name]:7.3f} s   CPU {cpu[name]:6.3f} s   peak RSS {rss:4.0f} MiB")
    bare_wall, bare_cpu = wall["bare interpreter"], cpu["bare interpreter"]
    ratio_wall = (wall["plan, no-op"] - bare_wall) / (wall["migra CLI"] - bare_wall)
    ratio_cpu = (cpu["plan, no-op"] - bare_cpu) / (cpu["migra CLI"] - bare_cpu)
    print(f"  no-op / migra (bare interpreter subtracted): wall {ratio_wall:.3f}, CPU {ratio_cpu:.3f}")
    for name, ms in queries.items():
        print(f"  {name}: {ms:.0f} ms (median, new connection)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
