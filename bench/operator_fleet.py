"""The operator with many resources: N DatabaseSchema resources (default 100), each with its own database on one
embedded PostgreSQL, reconciled by the real kopf operator against kmock's Kubernetes emulator (as in
tests/operator). Measures:

* the first reconcile of all N (a shadow build for the first, the kept template read by the rest);
* a no-op resync of all N: the operator restarted, every resource resumed and found up to date (goal ≤ 10 s);
* the process's peak RSS (goal ≤ 250 MiB for the operator; the emulator and this harness share the process,
  so the figure is an upper bound);
* the queries one round of drift ticks sends on unchanged databases (goal: one fingerprint query each;
  tests/operator/test_drift_cost.py proves it for one resource).

Run: ``python bench/operator_fleet.py [--resources 100]``; prints a Markdown section (``python -m bench --all``
runs it).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import os
import resource
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "operator"))  # the emulator the operator tests use

import kubernetes.client  # noqa: E402
from _cluster import Cluster, Kubectl, start_operator, wait_for  # noqa: E402
from kmock import Server  # noqa: E402

from schemawright.connect.embedded import temporary_server  # noqa: E402
from schemawright.operator import metrics  # noqa: E402
from schemawright.operator.handlers import OperatorConfig  # noqa: E402
from schemawright.operator.kube import Kube  # noqa: E402
from schemawright.operator.model import Settings  # noqa: E402

DOC: dict[str, Any] = {
    "apiVersion": "schemawright.io/v1alpha1", "kind": "DatabaseSchema",
    "metadata": {"namespace": "shop"},
    "spec": {
        "tables": [
            {"name": "users", "primaryKey": {"columns": ["id"]},
             "columns": [{"name": "id", "type": "bigint", "identity": "always", "nullable": False},
                         {"name": "email", "type": "text", "nullable": False}],
             "indexes": [{"name": "users_email_idx", "columns": [{"name": "email"}]}]},
            {"name": "orders", "primaryKey": {"columns": ["id"]},
             "columns": [{"name": "id", "type": "bigint", "nullable": False},
                         {"name": "user_id", "type": "bigint"}],
             "foreignKeys": [{"columns": ["user_id"], "references": {"table": "users"}}]},
        ],
        "policy": {"driftCheckInterval": "2s"},
    },
}


def resource_doc(i: int) -> dict[str, Any]:
    doc = copy.deepcopy(DOC)
    doc["metadata"]["name"] = f"app{i:03d}"
    doc["spec"]["database"] = {"connectionSecretRef": {"name": f"app{i:03d}-db", "key": "url"}}
    return doc


def reconciles(trigger: str) -> float:
    """Reconciles run so far with ``trigger``, over every resource (the operator's own counter)."""
    total = 0.0
    for family in metrics.RECONCILES.collect():
        total += sum(s.value for s in family.samples if s.name.endswith("_total") and s.labels["trigger"] == trigger)
    return total


def drift_checks() -> float:
    return sum(s.value for family in metrics.DRIFT_CHECKS.collect() for s in family.samples
               if s.name.endswith("_total"))


@contextmanager
def running_operator(url: str, drift_tick_s: float) -> Iterator[threading.Event]:
    """The real kopf operator in a thread of this process (its own event loop), until the block ends."""
    config = OperatorConfig(settings=Settings(retry_delay_s=0.5, busy_delay_s=0.5),
                            kube=Kube(configuration=lambda: kubernetes.client.Configuration(host=url)),
                            drift_tick_s=drift_tick_s, workers=4, login=False)
    stop, ready, thread = start_operator(url, config)
    try:
        yield ready
    finally:
        stop.set()
        thread.join(timeout=60)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def measure(count: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    with temporary_server() as pg:
        urls = [pg.ensure_database(f"app{i:03d}") for i in range(count)]
        async with Cluster() as emulator, Server(emulator) as server:
            emulator.setup()
            kubectl = Kubectl(emulator, server)
            api = str(server.url).rstrip("/")
            for i, url in enumerate(urls):
                await kubectl.create_secret(f"app{i:03d}-db", {"url": url})

            def ready() -> int:
                return sum(kubectl.status_of(f"app{i:03d}", "Ready") == "True" for i in range(count))

            with running_operator(api, drift_tick_s=3600):
                await wait_for("kopf to watch", emulator.watching, timeout=60)
                start = time.perf_counter()
                for i in range(count):
                    await kubectl.apply(resource_doc(i))
                await wait_for(f"{count} resources Ready", lambda: ready() == count, timeout=1800, interval=0.2)
                figures["first reconcile of all (s)"] = time.perf_counter() - start
            # A restart: every resource is resumed and reconciled, each finding its database up to date.
            before = reconciles("resume")
            with running_operator(api, drift_tick_s=1.0) as started:
                await wait_for("kopf to start", started.is_set, timeout=120, interval=0.01)
                start = time.perf_counter()  # from the operator's start (its own login and set-up excluded)
                await wait_for(f"{count} resumed", lambda: reconciles("resume") >= before + count, timeout=600,
                               interval=0.05)
                figures["no-op resync of all (s)"] = time.perf_counter() - start
                checks = drift_checks()
                start = time.perf_counter()
                await wait_for(f"{count} drift checks", lambda: drift_checks() >= checks + count, timeout=600,
                               interval=0.05)
                figures["drift checks of all (s)"] = time.perf_counter() - start
            figures["resources"] = count
            figures["Ready after all"] = ready()
    figures["peak RSS of the process (MiB)"] = peak_rss_mib()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=100)
    args = parser.parse_args(argv)
    os.environ.setdefault("SCHEMAWRIGHT_HOME", str(Path("/tmp") / f"schemawright-bench-op-{os.getpid()}"))
    figures = asyncio.run(measure(args.resources))
    print(f"## Operator: {args.resources} DatabaseSchema resources (`bench/operator_fleet.py`)\n")
    print("| figure | value |\n|---|---|")
    for key, value in figures.items():
        print(f"| {key} | {value:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
