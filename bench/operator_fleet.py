"""The operator with many resources: N DatabaseSchema resources (default 100), each with its own database on one
embedded PostgreSQL, reconciled by the real kopf operator against kmock's Kubernetes emulator (as in
tests/operator).

Set-up, as a platform team would seed tenants: the document is applied once to one database through the public
API (``schemawright.apply``), and the other N-1 databases are created as clones of it (``CREATE DATABASE …
TEMPLATE``). The applied-state record lives in the database, so every clone is already applied for its own
resource (same content, its own name and Secret); the harness checks that each one answers on the no-op path
before the operator starts. Then the N resources are created and the operator takes them over. Measures:

* (a) the first pass of the operator over the N already-applied databases (each reconcile the no-op path; the
  statements it sent are counted, and a shadow build would show as a ``CREATE DATABASE``);
* (b) a no-op resync of all N after an operator restart: every resource resumed and found up to date (goal ≤ 10 s);
* (c) the process's peak RSS (goal ≤ 250 MiB for the operator): an upper bound, as the emulator and this harness
  share the process; also its growth from just before the first operator started (the operator's share, plus
  what the emulator stores of every object version written meanwhile: still an upper bound);
* (d) the statements one round of drift ticks sends per database on unchanged databases (goal: one fingerprint
  query each; tests/operator/test_drift_cost.py proves it for one resource).

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
import psycopg  # noqa: E402
from _cluster import Cluster, Kubectl, start_operator, wait_for  # noqa: E402
from kmock import Server  # noqa: E402

from schemawright.connect.embedded import temporary_server  # noqa: E402
from schemawright.operator import metrics  # noqa: E402
from schemawright.operator.handlers import OperatorConfig  # noqa: E402
from schemawright.operator.kube import Kube  # noqa: E402
from schemawright.operator.model import Settings  # noqa: E402

DOC: dict[str, Any] = {
    "apiVersion": "schemawright.io/v1alpha1",
    "kind": "DatabaseSchema",
    "metadata": {"namespace": "shop"},
    "spec": {
        "tables": [
            {
                "name": "users",
                "primaryKey": {"columns": ["id"]},
                "columns": [
                    {"name": "id", "type": "bigint", "identity": "always", "nullable": False},
                    {"name": "email", "type": "text", "nullable": False},
                ],
                "indexes": [{"name": "users_email_idx", "columns": [{"name": "email"}]}],
            },
            {
                "name": "orders",
                "primaryKey": {"columns": ["id"]},
                "columns": [{"name": "id", "type": "bigint", "nullable": False}, {"name": "user_id", "type": "bigint"}],
                "foreignKeys": [{"columns": ["user_id"], "references": {"table": "users"}}],
            },
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
    return sum(
        s.value for family in metrics.DRIFT_CHECKS.collect() for s in family.samples if s.name.endswith("_total")
    )


@contextmanager
def running_operator(url: str, drift_tick_s: float) -> Iterator[threading.Event]:
    """The real kopf operator in a thread of this process (its own event loop), until the block ends."""
    config = OperatorConfig(
        settings=Settings(retry_delay_s=0.5, busy_delay_s=0.5),
        kube=Kube(configuration=lambda: kubernetes.client.Configuration(host=url)),
        drift_tick_s=drift_tick_s,
        workers=4,
        login=False,
    )
    stop, ready, thread = start_operator(url, config)
    try:
        yield ready
    finally:
        stop.set()
        thread.join(timeout=60)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class StatementCount:
    """Every statement psycopg sends from this process (the operator runs in a thread of it), while recording."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.recording = False
        self._lock = threading.Lock()

    @contextmanager
    def installed(self) -> Iterator[StatementCount]:
        original = psycopg.Cursor.execute
        count = self

        def execute(cursor: psycopg.Cursor[Any], query: Any, *args: Any, **kwargs: Any) -> Any:
            if count.recording:
                with count._lock:
                    count.texts.append(query.decode() if isinstance(query, bytes) else str(query))
            return original(cursor, query, *args, **kwargs)

        psycopg.Cursor.execute = execute  # type: ignore[method-assign]
        try:
            yield self
        finally:
            psycopg.Cursor.execute = original  # type: ignore[method-assign]

    @contextmanager
    def recorded(self) -> Iterator[list[str]]:
        """The statements sent while the block runs."""
        self.texts, self.recording = [], True
        try:
            yield self.texts
        finally:
            self.recording = False


def fingerprints(texts: list[str]) -> int:
    return sum("encode(sha256(" in t for t in texts)


def seed(pg: Any, count: int) -> list[str]:
    """Apply the document to app000 through the public API, clone it for the others; their URLs."""
    import schemawright
    from schemawright import engine

    first = pg.ensure_database("app000")
    schemawright.apply(schemawright.from_document(resource_doc(0), "bench app000"), first, pg.url("postgres"))
    urls = [first] + [pg.copy_database("app000", f"app{i:03d}") for i in range(1, count)]
    noop = [
        engine.up_to_date(schemawright.from_document(resource_doc(i), f"bench app{i:03d}"), url) is not None
        for i, url in enumerate(urls)
    ]
    if not all(noop):
        raise RuntimeError(f"{noop.count(False)} clone(s) are not up to date for their own resource")
    return urls


async def measure(count: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    statements = StatementCount()
    with temporary_server() as pg, statements.installed():
        start = time.perf_counter()
        urls = seed(pg, count)
        figures["set-up: apply once + clone the rest (s)"] = time.perf_counter() - start
        figures["clones already applied (no-op path) for their own resource"] = count
        async with Cluster() as emulator, Server(emulator) as server:
            emulator.setup()
            kubectl = Kubectl(emulator, server)
            api = str(server.url).rstrip("/")
            for i, url in enumerate(urls):
                await kubectl.create_secret(f"app{i:03d}-db", {"url": url})

            def ready() -> int:
                return sum(kubectl.status_of(f"app{i:03d}", "Ready") == "True" for i in range(count))

            rss_before = peak_rss_mib()
            with running_operator(api, drift_tick_s=3600):
                await wait_for("kopf to watch", emulator.watching, timeout=60)
                with statements.recorded() as first_pass:
                    start = time.perf_counter()
                    for i in range(count):
                        await kubectl.apply(resource_doc(i))
                    await wait_for(f"{count} resources Ready", lambda: ready() == count, timeout=1800, interval=0.2)
                    figures["(a) first pass over all, already applied (s)"] = time.perf_counter() - start
            figures["(a) statements per first reconcile"] = len(first_pass) / count
            figures["(a) shadow builds in the first pass (CREATE DATABASE)"] = sum(
                "CREATE DATABASE" in t.upper() for t in first_pass
            )
            # A restart: every resource is resumed and reconciled, each finding its database up to date.
            before = reconciles("resume")
            # Recorded until the operator has stopped, so the last drift checks' queries are all in.
            with statements.recorded() as sent, running_operator(api, drift_tick_s=1.0) as started:
                await wait_for("kopf to start", started.is_set, timeout=120, interval=0.01)
                start = time.perf_counter()  # from the operator's start (its own login and set-up excluded)
                first_request = len(emulator.log)
                await wait_for(
                    f"{count} resumed", lambda: reconciles("resume") >= before + count, timeout=600, interval=0.05
                )
                figures["(b) no-op resync of all after a restart (s)"] = time.perf_counter() - start
                resync = emulator.log[first_request:]
                figures["(b) API requests in the resync, per resource"] = len(resync) / count
                figures["(b) API writes in the resync (PATCH, POST: status, annotations, Events)"] = sum(
                    r.method in {"POST", "PUT", "PATCH", "DELETE"} for r in resync
                )
                checks, first_tick = drift_checks(), len(sent)
                start = time.perf_counter()
                await wait_for(
                    f"{count} drift checks", lambda: drift_checks() >= checks + count, timeout=600, interval=0.05
                )
                figures["(d) drift checks of all (s)"] = time.perf_counter() - start
            done = drift_checks() - checks
            ticks = sent[first_tick:]
            figures["(d) drift checks counted"] = done
            figures["(d) fingerprint queries per drift check"] = fingerprints(ticks) / done
            figures["(d) other statements per drift check"] = (
                sum("encode(sha256(" not in t and not t.startswith("SET LOCAL search_path") for t in ticks) / done
            )
            figures["resources"] = count
            figures["Ready after all"] = ready()
            figures["(c) peak RSS of the process: operator + emulator + harness (MiB)"] = peak_rss_mib()
            figures["(c) peak RSS growth from before the operator's start (MiB)"] = peak_rss_mib() - rss_before
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
        print(f"| {key} | {value:.2f} |" if value != int(value) else f"| {key} | {int(value)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
