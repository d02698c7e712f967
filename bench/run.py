"""The benchmarks, side by side in one run: schemawright against migra on the same generated pairs.

For N tables (each: 4 columns, a primary key, 3 indexes, a foreign key to the previous table) it measures,
as whole processes with the bare interpreter start subtracted on both sides:

* ``migra`` CLI diff of two databases holding the schema (the baseline);
* materialise the changed DDL into a scratch database + that diff (the floor of any shadow-based planner);
* ``schemawright plan same.sql`` on a database it last applied (the no-op fast path);
* ``schemawright plan changed.sql`` with one column added to one table (a full plan);

each measured process starting after a CHECKPOINT (untimed: it pays only for its own writes), on a server whose
data lives in RAM where the machine has a RAM filesystem (``--on-disk``: in the temporary directory; see
``temporary_server``: on an ext4 file system without a journal, as on this project's VMs, every file a build creates
within a minute of a drop costs kernel time at random, 3 to 13 s for the same 1000-table build),

plus ``schemawright --help`` and ``validate`` start, the peak RSS of each plan process, the fitted growth
exponent of plan time and RSS over N, and (``--profile``) a cProfile of the largest in-process plan. Writes
``bench/RESULTS.md`` and ``bench/scale.png``. ``--all`` also runs bench/plan_time.py, bench/backfill.py,
bench/fleet.py, bench/planner_scale.py and bench/operator_fleet.py.

Run: ``python bench/run.py`` (N = 100, 300, 1000), ``--with-3000``, ``--sizes 100,300``, ``--runs 3``.
"""

from __future__ import annotations

import argparse
import compileall
import cProfile
import io
import math
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from schemawright.connect.embedded import EmbeddedServer, file_system, temporary_server

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
SCHEMAWRIGHT = str(BIN / "schemawright")
MIGRA = str(BIN / "migra")


def schema_sql(tables: int, *, extra_column: bool = False) -> str:
    """``tables`` tables, each with a foreign key to the previous one and three indexes (plus its key)."""
    out = []
    for i in range(tables):
        parent = f",\n    parent_id bigint REFERENCES t{i - 1:04d} (id)" if i else ",\n    parent_id bigint"
        note = ",\n    note text" if extra_column and i == tables // 2 else ""
        out.append(
            f"CREATE TABLE t{i:04d} (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
            f"    name text NOT NULL,\n    created_at timestamptz NOT NULL DEFAULT now(){parent}{note}\n);\n"
            f"CREATE INDEX t{i:04d}_parent_idx ON t{i:04d} (parent_id);\n"
            f"CREATE INDEX t{i:04d}_created_idx ON t{i:04d} (created_at);\n"
            f"CREATE INDEX t{i:04d}_name_idx ON t{i:04d} (name);\n"
        )
    return "\n".join(out)


@dataclass
class Run:
    """One process: wall seconds, peak RSS (MiB), and its own CPU seconds (user + system: on a busy shared
    machine, the figure that waiting for a core does not inflate)."""

    seconds: float
    rss_mib: float
    stdout: str = ""
    cpu: float = 0.0


def run(argv: Sequence[str], *, check: bool = True, env: dict[str, str] | None = None) -> Run:
    """Run a process to its end; wall time and its own peak RSS (wait4, not the children's maximum)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=_child_env(env))
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if check and code not in (0, 2):  # migra exits 2 when there are differences
            raise RuntimeError(f"{argv[0]} exited {code}: {err.read().decode()[-2000:]}")
        return Run(seconds, usage.ru_maxrss / 1024, out.read().decode(), usage.ru_utime + usage.ru_stime)


def _child_env(extra: dict[str, str] | None) -> dict[str, str]:
    """The environment of a measured process: bytecode cached as after ``pip install`` (a checkout run with
    PYTHONDONTWRITEBYTECODE would compile every module of the package from source in every process)."""
    env = {**os.environ, **(extra or {})}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_package() -> None:
    """Write the package's bytecode once, as ``pip install`` does."""
    import schemawright

    compileall.compile_dir(str(Path(schemawright.__file__).parent), quiet=1)


def median_run(
    argv: Sequence[str], runs: int, env: dict[str, str] | None = None, before: Callable[[], None] | None = None
) -> Run:
    """The median wall time of ``runs`` runs (and the largest peak RSS); ``before`` runs before each, untimed."""
    return interleaved({"run": lambda: run_after(argv, env, before)}, runs)["run"]


def run_after(argv: Sequence[str], env: dict[str, str] | None, before: Callable[[], None] | None) -> Run:
    """:func:`run`, after ``before`` (untimed)."""
    if before is not None:
        before()
    return run(argv, env=env)


def interleaved(measures: dict[str, Callable[[], Run]], runs: int) -> dict[str, Run]:
    """Each measure ``runs`` times, in turn (a, b, c, a, b, c, …), so that a machine getting slower or faster
    during the run weighs on every figure alike (on a shared VM the same build's time varies by 2×); the median
    wall and CPU time of each, and its largest peak RSS."""
    results: dict[str, list[Run]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            results[name].append(measure())
    return {
        name: Run(
            statistics.median(r.seconds for r in taken),
            max(r.rss_mib for r in taken),
            taken[-1].stdout,
            statistics.median(r.cpu for r in taken),
        )
        for name, taken in results.items()
    }


def settle(server: EmbeddedServer) -> None:
    """CHECKPOINT, untimed: what earlier steps left unwritten is written now, so that a measured process pays only
    for its own writes (DROP DATABASE forces a checkpoint, so a plan dropping its shadow would otherwise also
    write out the template an earlier apply built, or the scratch database of the baseline)."""
    with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
        conn.execute("CHECKPOINT")


def build(url: str, ddl: str) -> None:
    """Run ``ddl`` (schema_sql's output) in a few transactions: one for 3000 tables overflows the lock table."""
    blocks = ddl.split("\n\n")
    with psycopg.connect(url, autocommit=True) as conn:
        for start in range(0, len(blocks), 200):
            conn.execute("\n\n".join(blocks[start : start + 200]).encode())


@dataclass
class Size:
    """Every figure for one N."""

    tables: int
    migra: float = 0.0
    migra_cpu: float = 0.0
    materialise_and_diff: float = 0.0
    noop: Run = field(default_factory=lambda: Run(0, 0))
    one_change: Run = field(default_factory=lambda: Run(0, 0))  # the shadow's template kept from an earlier plan
    one_change_cold: Run = field(default_factory=lambda: Run(0, 0))  # shadow reuse off: built from the DDL
    one_change_afresh: Run = field(default_factory=lambda: Run(0, 0))  # nothing kept: no template, no inspection
    noop_steps: str = ""

    def row(self) -> list[str]:
        return [
            str(self.tables),
            f"{self.migra:.2f}",
            f"{self.materialise_and_diff:.2f}",
            f"{self.noop.seconds:.3f}",
            f"{self.noop.seconds / self.migra:.3f}",
            f"{self.one_change.seconds:.2f}",
            f"{self.one_change.seconds / self.materialise_and_diff:.2f}",
            f"{self.one_change_cold.seconds:.2f}",
            f"{self.one_change_cold.seconds / self.materialise_and_diff:.2f}",
            f"{self.one_change_afresh.seconds:.2f}",
            f"{self.one_change_afresh.seconds / self.materialise_and_diff:.2f}",
            f"{self.noop.rss_mib:.0f}",
            f"{self.one_change.rss_mib:.0f}",
            f"{self.noop.cpu:.2f}",
            f"{self.migra_cpu:.2f}",
            f"{self.noop.cpu / self.migra_cpu:.3f}",
        ]


HEADER = [
    "tables",
    "migra diff (s)",
    "materialise + migra (s)",
    "plan no-op (s)",
    "no-op / migra",
    "plan one change, shadow reused (s)",
    "reused / (materialise + migra)",
    "plan one change, shadow built (s)",
    "built / (materialise + migra)",
    "plan one change, nothing kept (s)",
    "nothing kept / (materialise + migra)",
    "no-op RSS (MiB)",
    "plan RSS (MiB)",
    "no-op CPU (s)",
    "migra CPU (s)",
    "no-op / migra, CPU",
]


def measure_size(server: EmbeddedServer, tables: int, work: Path, runs: int, bare: Run) -> Size:
    """Build the pair for ``tables`` and measure every figure side by side."""
    same, changed = work / f"same{tables}.sql", work / f"changed{tables}.sql"
    same.write_text(schema_sql(tables))
    changed.write_text(schema_sql(tables, extra_column=True))
    live, twin = f"bench_live_{tables}", f"bench_twin_{tables}"
    for name in (live, twin):
        server.drop_database(name)
        build(server.ensure_database(name), same.read_text())
    live_url, twin_url, admin = server.url(live), server.url(twin), server.url("postgres")
    size = Size(tables)
    baseline = median_run([MIGRA, "--unsafe", live_url, twin_url], runs, before=lambda: settle(server))
    size.migra, size.migra_cpu = baseline.seconds - bare.seconds, baseline.cpu - bare.cpu

    def materialise_and_diff() -> Run:
        scratch = f"bench_scratch_{tables}"
        server.drop_database(scratch)
        settle(server)
        start = time.perf_counter()
        build(server.ensure_database(scratch), changed.read_text())
        run([MIGRA, "--unsafe", live_url, server.url(scratch)])
        seconds = time.perf_counter() - start - bare.seconds
        server.drop_database(scratch)
        return Run(seconds, 0)

    # Adopt: schemawright applies the same document, finds nothing to do, and records it.
    run([SCHEMAWRIGHT, "apply", str(same), "--database", live_url, "--shadow-url", admin])
    noop = median_run(
        [SCHEMAWRIGHT, "plan", str(same), "--database", live_url, "--shadow-url", admin],
        runs,
        before=lambda: settle(server),
    )
    if "unchanged since plan" not in noop.stdout:
        raise RuntimeError(f"the no-op plan took the slow path:\n{noop.stdout[-1500:]}")
    size.noop = Run(noop.seconds - bare.seconds, noop.rss_mib, cpu=noop.cpu - bare.cpu)
    plan_changed = [SCHEMAWRIGHT, "plan", str(changed), "--database", live_url, "--shadow-url", admin]
    # Shadow built from the DDL each time; the live database's inspections are kept from the plan before
    # (diff/inspections.py: its catalogs did not change), as for a user editing a document and planning again.
    nothing_kept = {"SCHEMAWRIGHT_SHADOW_CACHE": "0", "SCHEMAWRIGHT_CACHE": "off"}  # the first plan ever
    # Taken in turn with their baseline: the same DDL's build alone varies by 2× on a shared machine.
    taken = interleaved(
        {
            "baseline": materialise_and_diff,
            "cold": lambda: run_after(plan_changed, {"SCHEMAWRIGHT_SHADOW_CACHE": "0"}, lambda: settle(server)),
            "afresh": lambda: run_after(plan_changed, nothing_kept, lambda: settle(server)),
        },
        runs,
    )
    size.materialise_and_diff, cold, afresh = taken["baseline"].seconds, taken["cold"], taken["afresh"]
    run(plan_changed)  # builds the template the next plans of this document read (docs/cli.md)
    change = median_run(plan_changed, runs, before=lambda: settle(server))
    for result in (cold, afresh, change):
        if "ADD COLUMN" not in result.stdout:
            raise RuntimeError(f"the one-change plan has no ADD COLUMN:\n{result.stdout[-1500:]}")
    size.one_change = Run(change.seconds - bare.seconds, change.rss_mib, cpu=change.cpu - bare.cpu)
    size.one_change_cold = Run(cold.seconds - bare.seconds, cold.rss_mib, cpu=cold.cpu - bare.cpu)
    size.one_change_afresh = Run(afresh.seconds - bare.seconds, afresh.rss_mib, cpu=afresh.cpu - bare.cpu)
    print("  " + "  ".join(f"{h}={v}" for h, v in zip(HEADER, size.row(), strict=True)), flush=True)
    return size


def exponent(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The least-squares slope of log y over log x: y ~ x^k."""
    lx, ly = [math.log(x) for x in xs], [math.log(max(y, 1e-6)) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum((a - mx) ** 2 for a in lx)


def profile_plan(server: EmbeddedServer, tables: int, work: Path) -> str:
    """cProfile of one in-process full plan (one column added) at ``tables``: the top of the cumulative list."""
    from schemawright import engine
    from schemawright.spec import load

    desired = load(work / f"changed{tables}.sql")
    profiler = cProfile.Profile()
    profiler.enable()
    result = engine.make_plan(desired, server.url(f"bench_live_{tables}"), server.url("postgres"))
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(30)
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    return f"stages: {stages}\n\n{text.getvalue()}"


def machine() -> dict[str, str]:
    """The facts that make the absolute numbers mean something."""
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return {
        "cores": str(os.cpu_count()),
        "memory": memory,
        "load average at start": load,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def start_times(runs: int, example: str) -> dict[str, Run]:
    """Bare interpreter, ``--help`` and ``validate`` start (whole processes, median): ``validate`` of a file it
    validated before (the outcome kept by one run first, in a cache folder of its own) and afresh (no cache), and
    the floor of the latter: importing the three libraries it parses and checks with."""
    validate = [SCHEMAWRIGHT, "validate", example]
    with tempfile.TemporaryDirectory(prefix="schemawright-bench-cache-") as cache:
        kept = {"SCHEMAWRIGHT_CACHE": cache}
        run(validate, env=kept)
        return {
            "bare": median_run([sys.executable, "-c", "pass"], runs),
            "help": median_run([SCHEMAWRIGHT, "--help"], runs),
            "validate": median_run(validate, runs, env=kept),
            "validate_afresh": median_run(validate, runs, env={"SCHEMAWRIGHT_CACHE": "off"}),
            "floor": median_run([sys.executable, "-c", "import yaml, jsonschema, postgast"], runs),
        }


def draw(sizes: list[Size], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    n = [s.tables for s in sizes]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.loglog(n, [s.migra for s in sizes], "o-", label="migra CLI diff (baseline)")
    ax.loglog(n, [s.materialise_and_diff for s in sizes], "s-", label="materialise + migra diff")
    ax.loglog(n, [s.one_change_cold.seconds for s in sizes], "^-", label="schemawright plan, one column added")
    ax.loglog(n, [s.one_change.seconds for s in sizes], "x-", label="the same, shadow template reused")
    ax.loglog(n, [max(s.noop.seconds, 1e-3) for s in sizes], "v-", label="schemawright plan, no-op")
    ax.set_xlabel("tables (3 indexes and a foreign key each)")
    ax.set_ylabel("seconds (interpreter start subtracted)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return True


MARK = "<!-- bench/run.py writes everything above this line; the sections below come from other benchmarks -->"


def write_section(results: Path, heading: str, text: str) -> None:
    """Put ``text`` (a section starting with ``heading``) below the marker, in place of an earlier section with
    that heading; the other sections are kept."""
    above, _, below = results.read_text().partition(MARK)
    before, found, after = below.partition(heading)
    rest = ("\n## " + after.split("\n## ", 1)[1]) if found and "\n## " in after else ""
    results.write_text(above + MARK + before.rstrip() + "\n\n" + text.rstrip() + "\n" + rest)


def write_results(
    path: Path, sizes: list[Size], starts: dict[str, Run], facts: dict[str, str], pg: str, profile: str, png: bool
) -> str:
    n = [s.tables for s in sizes]
    lines = [
        "# Benchmark results",
        "",
        "Written by `python bench/run.py` (do not edit by hand). Every ratio compares "
        "figures measured side by side in the same run; absolute times are for orientation only (a shared "
        "machine is noisy). The one-change plans and their baseline (materialise + migra) are taken in turn, "
        "run after run, so drift weighs on both. The server's data directory is in RAM unless `--on-disk`: on "
        "this VM's disk (ext4 without a journal) each file created within a minute of a drop scans past the "
        "inodes deleted, so the same 1000-table build takes 3 to 13 s of mostly kernel time, as much as the "
        'drops before it make it pay (see "On disk" below).',
        "",
        "## Machine",
        "",
    ]
    lines += [f"- {k}: {v}" for k, v in {**facts, "PostgreSQL": pg}.items()]
    lines += ["", "## Plan time against migra", "", "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(s.row()) + " |" for s in sizes]
    if len(sizes) >= 2:
        lines += [
            "",
            "## Growth (fitted exponent k of time ~ N^k; goal ≤ 1.1)",
            "",
            f"- plan, one change, shadow reused: {exponent(n, [s.one_change.seconds for s in sizes]):.2f}",
            f"- plan, one change, shadow built: {exponent(n, [s.one_change_cold.seconds for s in sizes]):.2f}",
            f"- plan, one change, nothing kept: {exponent(n, [s.one_change_afresh.seconds for s in sizes]):.2f}",
            f"- plan, one change, peak RSS: {exponent(n, [s.one_change.rss_mib for s in sizes]):.2f}",
            f"- plan, no-op: {exponent(n, [max(s.noop.seconds, 1e-3) for s in sizes]):.2f}",
            f"- migra CLI diff: {exponent(n, [s.migra for s in sizes]):.2f}",
            f"- materialise + migra diff: {exponent(n, [s.materialise_and_diff for s in sizes]):.2f}",
        ]
    lines += ["", "## Start (whole process, median; goal ≤ 0.25 s)", ""]
    for label, key in (
        ("bare interpreter", "bare"),
        ("`schemawright --help`", "help"),
        ("`schemawright validate examples/shop/v2/schema.yaml` (validated before: its kept outcome)", "validate"),
        ("the same afresh (`SCHEMAWRIGHT_CACHE=off`: parse, JSON Schema, guard)", "validate_afresh"),
        ("importing only the libraries `validate` needs afresh (`import yaml, jsonschema, postgast`)", "floor"),
    ):
        lines.append(f"- {label}: {starts[key].seconds:.3f} s wall, {starts[key].cpu:.3f} s CPU")
    if png:
        lines += ["", "![plan time over N](scale.png)"]
    if profile:
        lines += [
            "",
            f"## Profile of the largest full plan ({n[-1]} tables, one column added, shadow template reused)",
            "",
            "```",
            profile.strip(),
            "```",
        ]
    text = "\n".join(lines) + "\n"
    # Other benchmarks (bench/adopt.py) keep their sections below the mark: only the part above is rewritten.
    kept = path.read_text().partition(MARK)[2] if path.exists() else ""
    path.write_text(text + (f"\n{MARK}{kept}" if kept else ""))
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300,1000", help="comma-separated table counts")
    parser.add_argument("--with-3000", action="store_true", help="also 3000 tables (slow)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest full plan")
    parser.add_argument(
        "--all",
        action="store_true",
        help="also run bench/plan_time.py, bench/backfill.py, bench/fleet.py, bench/planner_scale.py and "
        "bench/operator_fleet.py",
    )
    parser.add_argument(
        "--on-disk", action="store_true", help="the server's data in the temporary directory, not in RAM"
    )
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args(argv)
    tables = [int(x) for x in args.sizes.split(",")] + ([3000] if args.with_3000 else [])
    facts = machine()
    compile_package()
    starts = start_times(args.runs, str(HERE.parent / "examples" / "shop" / "v2" / "schema.yaml"))
    print("start: " + ", ".join(f"{k} {v.seconds:.3f}s ({v.cpu:.3f}s CPU)" for k, v in starts.items()), flush=True)
    work = Path(tempfile.mkdtemp(prefix="schemawright-bench-"))
    os.environ["SCHEMAWRIGHT_HOME"] = str(work / "home")  # never the user's embedded server
    try:
        with temporary_server(in_memory=not args.on_disk) as server:
            with psycopg.connect(server.url(), autocommit=True) as conn:
                row = conn.execute("SHOW server_version").fetchone()
            pg = str(row[0]) if row else "?"
            facts["server data under"] = f"{server.pgdata.parent.parent} ({file_system(server.pgdata)})"
            sizes = []
            for n in tables:
                print(f"{n} tables…", flush=True)
                sizes.append(measure_size(server, n, work, args.runs, starts["bare"]))
            profile = profile_plan(server, tables[-1], work) if args.profile else ""
        png = draw(sizes, Path(args.out).with_name("scale.png"))
        print(write_results(Path(args.out), sizes, starts, facts, pg, profile, png))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.all:
        for script, extra in (
            ("plan_time.py", []),
            ("backfill.py", []),
            ("fleet.py", ["--write"]),
            ("planner_scale.py", ["--write"]),
            ("operator_fleet.py", []),
        ):
            subprocess.run([sys.executable, str(HERE / script), *extra], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
