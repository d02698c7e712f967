"""Fleet apply against single-database applies: N databases on one embedded server, one change (a column).

* baseline: N sequential ``schemawright apply DOC --database URL`` processes (each builds its own shadow);
* fleet: one ``schemawright apply DOC --targets FILE --max-parallel 16`` process (the shadow built once,
  targets inspected and applied in parallel), with its peak RSS (the engine the operator runs per rollout);
* the operator: peak RSS of its fleet reconcile (``operator/fleet.py``) rolling a change out to all targets;
* throughput: targets per minute of a one-column change at ``--max-parallel`` 1, 4, 16.

Goal: fleet wall time ≤ 0.2 × the sequential runs. Prints a Markdown section; ``--write`` puts it into
bench/RESULTS.md below the marker (replacing an earlier fleet section). ``python bench/fleet.py [--targets 100]``.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.run import SCHEMAWRIGHT, machine, run, write_section  # noqa: E402

from schemawright.connect.embedded import temporary_server  # noqa: E402
from schemawright.fleet import FleetTarget, RolloutPolicy, apply_fleet  # noqa: E402
from schemawright.spec import from_document  # noqa: E402

HEADING = "## Fleet: one change to many databases (`bench/fleet.py`)"


def document(columns: int) -> dict[str, object]:
    """``accounts (id, email, c1 … c<columns>)``: each further column is one more one-column change."""
    cols = [
        {"name": "id", "type": "bigint", "identity": "always", "nullable": False},
        {"name": "email", "type": "text", "nullable": False},
    ]
    cols += [{"name": f"c{n}", "type": "text"} for n in range(1, columns + 1)]
    return {
        "apiVersion": "schemawright.io/v1alpha1",
        "kind": "DatabaseSchema",
        "metadata": {"name": "accounts"},
        "spec": {
            "tables": [
                {
                    "name": "accounts",
                    "columns": cols,
                    "primaryKey": {"columns": ["id"]},
                    "indexes": [{"name": "accounts_email_idx", "columns": [{"name": "email"}]}],
                }
            ]
        },
    }


def write_doc(work: Path, columns: int) -> str:
    path = work / f"v{columns}.yaml"
    path.write_text(yaml.safe_dump(document(columns), sort_keys=False))
    return str(path)


def fleet_apply(doc: str, targets: str, shadow: str, parallel: int) -> tuple[float, float]:
    """One fleet apply process: wall seconds and peak RSS (MiB); it must leave every target ready."""
    result = run(
        [SCHEMAWRIGHT, "apply", doc, "--targets", targets, "--max-parallel", str(parallel), "--shadow-url", shadow]
    )
    assert " ready, 0 waitingForApproval, 0 failed" in result.stdout, result.stdout[-2000:]
    return result.seconds, result.rss_mib


class _Secrets:
    """The operator's Kubernetes side for the RSS run: the Secrets of a targets file; status patches dropped."""

    def __init__(self, targets: list[dict[str, str]]) -> None:
        self.items = [
            SimpleNamespace(
                metadata=SimpleNamespace(name=t["name"], labels={"fleet": "bench"}),
                data={"url": base64.b64encode(t["url"].encode()).decode()},
                string_data=None,
            )
            for t in targets
        ]

    def secrets(self, namespace: str, label_selector: str) -> list[Any]:
        return self.items

    def event(self, type_: str, reason: str, message: str) -> None:
        """Events are dropped (the API server's side is not measured)."""

    def patch_status(self, status: dict[str, Any]) -> None:
        """Status patches are dropped."""

    def patch_annotations(self, annotations: dict[str, str]) -> None:
        """Annotation patches are dropped."""


def operator_rollout(targets_file: str, columns: int, shadow: str) -> None:
    """One fleet reconcile of the operator's own code (``operator/fleet.py``) in this process: its peak RSS is
    the operator's during a rollout, without kopf itself and the API server."""
    from schemawright.operator.fleet import Memberships, reconcile_fleet
    from schemawright.operator.model import Resource, Settings

    doc = document(columns)
    doc["metadata"] = {"name": "bench", "namespace": "bench"}
    doc["spec"]["database"] = {"secretSelector": {"matchLabels": {"fleet": "bench"}}}  # type: ignore[index]
    doc["spec"]["rollout"] = {"maxParallel": 16}  # type: ignore[index]
    side = _Secrets(yaml.safe_load(Path(targets_file).read_text()))
    result = reconcile_fleet(
        Resource("bench", "bench", "uid", 1, doc, {}, {}),
        sink=side,
        kube=side,  # type: ignore[arg-type]
        settings=Settings(shadow_url=shadow, progress_interval_s=1.0),
        trigger="bench",
        memberships=Memberships(),
    )
    assert result.failure is None, result.failure


def operator_rss(targets_file: str, columns: int, shadow: str) -> float:
    """Peak RSS (MiB) of a process running :func:`operator_rollout`."""
    return run([sys.executable, __file__, "--operator-rollout", targets_file, str(columns), shadow]).rss_mib


def main(argv: list[str] | None = None) -> int:
    """Measure and print (``--write``: also into bench/RESULTS.md)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=100, help="databases in the fleet (default 100)")
    parser.add_argument(
        "--sequential",
        type=int,
        default=0,
        help="sequential single applies to time (default: "
        "all targets); fewer are extrapolated to all, and the section says so",
    )
    parser.add_argument("--rate-targets", type=int, default=0, help="targets of the throughput runs (default: all)")
    parser.add_argument("--operator-rollout", nargs=3, metavar=("TARGETS", "COLUMNS", "SHADOW"), help=argparse.SUPPRESS)
    parser.add_argument("--only-operator", action="store_true", help="only the operator's peak RSS")
    parser.add_argument("--write", action="store_true", help="put the section into bench/RESULTS.md")
    args = parser.parse_args(argv)
    if args.operator_rollout:
        targets_file, columns, shadow_url = args.operator_rollout
        operator_rollout(targets_file, int(columns), shadow_url)
        return 0
    n = args.targets
    sample = args.sequential or n
    work = Path(tempfile.mkdtemp(prefix="schemawright-fleet-"))
    os.environ["SCHEMAWRIGHT_HOME"] = str(work / "home")
    try:
        with temporary_server() as server:
            shadow = server.url("postgres")
            targets = [FleetTarget(f"tenant{i:03d}", server.ensure_database(f"tenant{i:03d}")) for i in range(n)]
            rate_n = min(args.rate_targets or n, n)
            (work / "targets.yaml").write_text(yaml.safe_dump([{"name": t.name, "url": t.url} for t in targets]))
            (work / "rate.yaml").write_text(yaml.safe_dump([{"name": t.name, "url": t.url} for t in targets[:rate_n]]))
            setup = apply_fleet(from_document(document(0), "v0"), targets, shadow, RolloutPolicy(max_parallel=8))
            assert setup.all_ready, setup.failed
            if args.only_operator:
                operator_mib = operator_rss(str(work / "targets.yaml"), 6, shadow)
                print(
                    f"- peak RSS of the operator's fleet reconcile ({n} targets, maxParallel 16): "
                    f"{operator_mib:.0f} MiB"
                )
                return 0
            # baseline: one process per database, one after the other (each its own shadow)
            doc = write_doc(work, 1)
            start = time.perf_counter()
            for target in targets[:sample]:
                run([SCHEMAWRIGHT, "apply", doc, "--database", target.url, "--shadow-url", shadow])
            sequential = (time.perf_counter() - start) * n / sample
            if sample < n:  # bring the rest to the same schema for the next change
                apply_fleet(from_document(document(1), "v1"), targets[sample:], shadow, RolloutPolicy(max_parallel=8))
            fleet_s, rss = fleet_apply(write_doc(work, 2), str(work / "targets.yaml"), shadow, 16)
            rates = {}
            for columns, parallel in ((3, 1), (4, 4), (5, 16)):
                seconds, _ = fleet_apply(write_doc(work, columns), str(work / "rate.yaml"), shadow, parallel)
                rates[parallel] = rate_n / seconds * 60
            if rate_n < n:  # bring the rest to the same schema for the operator's change
                apply_fleet(from_document(document(5), "v5"), targets[rate_n:], shadow, RolloutPolicy(max_parallel=8))
            operator_mib = operator_rss(str(work / "targets.yaml"), 6, shadow)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    facts = machine()
    lines = [
        HEADING,
        "",
        f"{n} databases on one embedded PostgreSQL, table `accounts` with a key and an index; the change adds "
        f"one nullable column. Measured {dt.date.today()} on {facts['cores']} cores (load average at start "
        f"{facts['load average at start']}), shared with other work: absolute times are noisy, the ratio is "
        "the figure.",
        "",
        "| | wall (s) |",
        "|---|---:|",
        f"| {n} sequential `schemawright apply --database` processes"
        + (f" (timed {sample}, extrapolated)" if sample < n else "")
        + f" | {sequential:.1f} |",
        f"| one `schemawright apply --targets` (maxParallel 16) | {fleet_s:.1f} |",
        "",
        f"- ratio fleet / sequential: **{fleet_s / sequential:.3f}** (goal ≤ 0.2)",
        f"- peak RSS of the fleet apply process: {rss:.0f} MiB; of the operator's fleet reconcile "
        f"(`operator/fleet.py`, in a process of its own, without kopf): {operator_mib:.0f} MiB",
        f"- targets per minute, one-column change, measured on {rate_n} targets (one process each, its start "
        "and shadow included): " + ", ".join(f"maxParallel {p}: {r:.0f}" for p, r in rates.items()),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(HERE / "RESULTS.md", HEADING, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
