"""The operator with many resources: N DatabaseSchema resources (default 100), each with its own database on one
embedded PostgreSQL, reconciled by the real operator (``python -m schemawright.operator``, in a process of its own,
as in production) against kmock's Kubernetes emulator (as in tests/operator), served from this process.

Set-up, as a platform team would seed tenants: the document is applied once to one database through the public
API (``schemawright.apply``), and the other N-1 databases are created as clones of it (``CREATE DATABASE …
TEMPLATE``). The applied-state record lives in the database, so every clone is already applied for its own
resource (same content, its own name and Secret); the harness checks that each one answers on the no-op path
before the operator starts. Then the N resources are created and the operator takes them over. Measures:

* (a) the first pass of the operator over the N already-applied databases (each reconcile the no-op path; the
  statements it sent are counted, and a shadow build would show as a ``CREATE DATABASE``);
* (b) a no-op resync of all N after an operator restart: every resource resumed and found up to date (goal ≤ 10 s),
  timed from the new operator's first list of the resources (its interpreter start and login excluded; also
  given from its process start), and the API requests it sent;
* (c) the operator process's peak RSS (goal ≤ 250 MiB; ``VmHWM``, over both of its runs);
* (d) the statements one round of drift ticks sends per database on unchanged databases (goal: one fingerprint
  query each; tests/operator/test_drift_cost.py proves it for one resource).

The operator's statements are counted in its process (``bench/operator_process.py``) and read, with its
reconcile and drift-check counters, from its Prometheus endpoint.

Run: ``python bench/operator_fleet.py [--resources 100]``; prints a Markdown section (``python -m bench --all``
runs it).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "operator"))  # the emulator the operator tests use

from _cluster import DBS, Cluster, Kubectl, free_port, wait_for, write_kubeconfig  # noqa: E402
from kmock import Server, action  # noqa: E402

from schemawright.connect.embedded import temporary_server  # noqa: E402

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


def scrape(port: int) -> dict[str, float]:
    """The operator's Prometheus metrics: every sample, by its line's name and labels (``name{labels}``)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            text = response.read().decode()
    except OSError:
        return {}
    samples: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.rpartition(" ")
            samples[key] = float(value)
    return samples


def total(samples: dict[str, float], name: str, **labels: str) -> float:
    """The sum of ``name``'s samples whose labels include ``labels``."""
    wanted = [f'{k}="{v}"' for k, v in labels.items()]
    return sum(
        value
        for key, value in samples.items()
        if key.partition("{")[0] == name and all(w in key.partition("{")[2] for w in wanted)
    )


@dataclass
class OperatorProcess:
    """A running ``bench/operator_process.py``: its process and its metrics port."""

    process: subprocess.Popen[bytes]
    metrics_port: int
    started: float  # time.perf_counter() when the process was started

    async def metrics(self) -> dict[str, float]:
        return await asyncio.to_thread(scrape, self.metrics_port)

    def peak_rss_mib(self) -> float:
        """``VmHWM`` of the process (its peak resident set so far)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0


def listed(emulator: Cluster, since: int) -> bool:
    """Whether a client listed (or watched) DatabaseSchemas since request number ``since``."""
    return any(r.resource == DBS and r.action in {action.LIST, action.WATCH} for r in emulator.log[since:])


@asynccontextmanager
async def running_operator(
    emulator: Cluster, server: Server, workdir: Path, drift_tick_s: float
) -> AsyncIterator[OperatorProcess]:
    """The operator in a process of its own, against the emulator, until the block ends (SIGTERM)."""
    kubeconfig = write_kubeconfig(server, workdir / "kubeconfig")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUBERNETES_")}
    env.update(KUBECONFIG=str(kubeconfig), SCHEMAWRIGHT_SHADOW_URL="")
    port = free_port()
    mark = len(emulator.log)
    started = time.perf_counter()
    with open(workdir / "operator.log", "ab") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                str(HERE / "operator_process.py"),
                "--liveness-port=0",
                f"--metrics-port={port}",
                "--log-format=plain",
                f"--drift-tick={drift_tick_s}",
                "--retry-delay=0.5",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    running = OperatorProcess(process, port, started)
    try:
        # kopf lists the resources (and resumes each) before it opens the watch: its list is where the resync starts
        await wait_for("the operator to list", lambda: listed(emulator, mark), timeout=120, interval=0.01)
        yield running
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.to_thread(process.wait, 120)


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


async def resync(
    operator: OperatorProcess, emulator: Cluster, count: int, figures: dict[str, float], label: str
) -> None:
    """Time the restarted operator's resume of every resource (each finds its database up to date)."""
    start = time.perf_counter()  # from the new operator's list (its process start and login excluded)
    first_request = len(emulator.log)

    async def resumed() -> bool:
        return total(await operator.metrics(), "schemawright_reconciles_total", trigger="resume") >= count

    await wait_for(f"{count} resumed", resumed, timeout=600, interval=0.2)
    end = time.perf_counter()
    figures[f"(b) no-op resync of all after a restart{label} (s)"] = end - start
    figures[f"(b) the same from the operator process's start{label} (s)"] = end - operator.started
    requests = emulator.log[first_request:]
    figures[f"(b) API requests in the resync, per resource{label}"] = len(requests) / count
    figures[f"(b) API writes in the resync{label} (status, annotations, Events)"] = sum(
        r.method in {"POST", "PUT", "PATCH", "DELETE"} for r in requests
    )


async def measure(count: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    with temporary_server() as pg, tempfile.TemporaryDirectory(prefix="schemawright-bench-op-") as tmp:
        workdir = Path(tmp)
        start = time.perf_counter()
        urls = seed(pg, count)
        figures["set-up: apply once + clone the rest (s)"] = time.perf_counter() - start
        figures["clones already applied (no-op path) for their own resource"] = count
        async with Cluster() as emulator, Server(emulator) as server:
            emulator.setup()
            kubectl = Kubectl(emulator, server)
            for i, url in enumerate(urls):
                await kubectl.create_secret(f"app{i:03d}-db", {"url": url})

            def ready() -> int:
                return sum(kubectl.status_of(f"app{i:03d}", "Ready") == "True" for i in range(count))

            async with running_operator(emulator, server, workdir, drift_tick_s=3600) as operator:
                before = await operator.metrics()
                start = time.perf_counter()
                for i in range(count):
                    await kubectl.apply(resource_doc(i))
                await wait_for(f"{count} resources Ready", lambda: ready() == count, timeout=1800, interval=0.2)
                figures["(a) first pass over all, already applied (s)"] = time.perf_counter() - start
                after = await operator.metrics()
                rss = operator.peak_rss_mib()
            sent = {
                kind: total(after, "bench_operator_statements_total", kind=kind)
                - total(before, "bench_operator_statements_total", kind=kind)
                for kind in ("fingerprint", "search_path", "create_database", "other")
            }
            figures["(a) statements per first reconcile"] = sum(sent.values()) / count
            figures["(a) shadow builds in the first pass (CREATE DATABASE)"] = sent["create_database"]

            # A restart: every resource is resumed and reconciled, each finding its database up to date. First with
            # no drift check due (the resync alone), then with the document's 2 s drift interval competing.
            async with running_operator(emulator, server, workdir, drift_tick_s=3600) as operator:
                await resync(operator, emulator, count, figures, "")
                rss = max(rss, operator.peak_rss_mib())
            async with running_operator(emulator, server, workdir, drift_tick_s=1.0) as operator:
                await resync(operator, emulator, count, figures, " with drift checks every 2 s competing")
                tick = await operator.metrics()
                checks = total(tick, "schemawright_drift_checks_total")
                start = time.perf_counter()

                async def checked() -> bool:
                    return total(await operator.metrics(), "schemawright_drift_checks_total") >= checks + count

                await wait_for(f"{count} drift checks", checked, timeout=600, interval=0.2)
                figures["(d) drift checks of all (s)"] = time.perf_counter() - start
                await asyncio.sleep(1.0)  # the last checks' queries finish
                done = await operator.metrics()
                rss = max(rss, operator.peak_rss_mib())
            checked_n = total(done, "schemawright_drift_checks_total") - checks
            statements = {
                kind: total(done, "bench_operator_statements_total", kind=kind)
                - total(tick, "bench_operator_statements_total", kind=kind)
                for kind in ("fingerprint", "other", "create_database")
            }
            figures["(d) drift checks counted"] = checked_n
            figures["(d) fingerprint queries per drift check"] = statements["fingerprint"] / checked_n
            figures["(d) other statements per drift check"] = (
                statements["other"] + statements["create_database"]
            ) / checked_n
            figures["resources"] = count
            figures["Ready after all"] = ready()
            figures["(c) peak RSS of the operator process (MiB)"] = rss
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
