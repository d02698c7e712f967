"""The operator as real processes against the emulated API server: SIGKILLed in the middle of a backfill and
started again, and two replicas at once without peering. Status is read from every version the API server
stored (what any watcher saw), not sampled."""

from __future__ import annotations

import asyncio
import importlib.util
import itertools
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

OPERATOR_TESTS = Path(__file__).resolve().parents[1] / "operator"
sys.path.insert(0, str(OPERATOR_TESTS))

from _cluster import Cluster, Kubectl, wait_for, write_kubeconfig  # noqa: E402 - the operator tests' own emulator helpers
from _docs import shop  # noqa: E402
from _target import Target  # noqa: E402
from kmock import Server  # noqa: E402


def _operator_fixtures() -> Any:
    spec = importlib.util.spec_from_file_location("operator_tests_conftest", OPERATOR_TESTS / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The operator tests' fixtures, reused as they are: the emulated API server, kubectl, a target with a password.
_fixtures = _operator_fixtures()
cluster, kubectl, target, operator_role = (
    _fixtures.cluster,
    _fixtures.kubectl,
    _fixtures.target,
    _fixtures.operator_role,
)

pytestmark = pytest.mark.asyncio

ROWS = 3000
HANDLE = [{"name": "handle", "type": "text", "nullable": False, "backfill": "lower(email)"}]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def operators(server: Server, tmp_path: Path, count: int = 1) -> Iterator[list[subprocess.Popen[str]]]:
    """``count`` operator processes (standalone: no peering) logged in to the emulator; killed at the end."""
    kubeconfig = write_kubeconfig(server, tmp_path / "kubeconfig")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUBERNETES_")}
    env.update(KUBECONFIG=str(kubeconfig), SCHEMAWRIGHT_SHADOW_URL="")
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "schemawright.operator",
                f"--liveness-port={free_port()}",
                f"--metrics-port={free_port()}",
                "--drift-tick=1",
                "--retry-delay=0.3",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for _ in range(count)
    ]
    try:
        yield processes
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()


def conditions(version: dict[str, Any]) -> dict[str, str]:
    return {c["type"]: c["status"] for c in (version.get("status") or {}).get("conditions") or []}


def committed(target: Target) -> int:
    """Rows the backfill committed, by the journal (0 before its first batch)."""
    rows = target.query("SELECT coalesce(max((progress ->> 'done')::int), 0) FROM schemawright.steps")
    return int(rows[0][0]) if rows else 0


async def test_operator_killed_mid_backfill_resumes_and_status_stays_truthful(
    cluster: tuple[Cluster, Server], kubectl: Kubectl, target: Target, tmp_path: Path, reliability: Any
) -> None:
    emulator, server = cluster
    with operators(server, tmp_path) as (first,):
        await wait_for("kopf to watch DatabaseSchemas", emulator.watching, timeout=60)
        await kubectl.create_secret("shop-db", {"url": target.url})
        await kubectl.apply(shop())
        await wait_for("Ready=True", lambda: kubectl.status_of("shop", "Ready") == "True", timeout=60)
        target.query(f"INSERT INTO users (email) SELECT 'U' || g || '@example.com' FROM generate_series(1, {ROWS}) g")
        target.query("ANALYZE users")
        await kubectl.apply(shop(HANDLE, backfillBatchSize=100, backfillPause="150ms"))
        await wait_for("a few committed batches", lambda: committed(target) >= 500, timeout=60)
        first.send_signal(signal.SIGKILL)
        first.wait()
    at_kill = committed(target)
    seen_at_kill = len(kubectl.history("shop"))
    assert 0 < at_kill < ROWS
    assert kubectl.status_of("shop", "Ready") != "True"

    with operators(server, tmp_path):
        await wait_for(
            "Ready=True after the resumed backfill",
            lambda: (
                kubectl.status_of("shop", "Ready") == "True"
                and (kubectl.get("shop") or {})["status"].get("observedGeneration") == 2
            ),
            timeout=120,
        )
    assert target.query("SELECT count(*) FROM users WHERE handle IS NULL OR handle <> lower(email)") == [(0,)]
    assert target.query("SELECT count(*) FROM schemawright.steps WHERE status <> 'done'") == [(0,)]

    history = kubectl.history("shop")
    at_kill_status = history[seen_at_kill - 1].get("status")
    # What the new process wrote (kopf's own annotation patches store the old status again: not a new claim).
    after = [v for v in history[seen_at_kill:] if v.get("status") != at_kill_status]
    ready_at = next(i for i, v in enumerate(after) if conditions(v).get("Ready") == "True")
    progress = [
        v["status"]["backfill"]["done"]
        for v in after[:ready_at]
        if (v.get("status") or {}).get("backfill") and conditions(v).get("Backfilling") == "True"
    ]
    problems = []
    if not progress:
        problems.append("Backfilling=True with progress was never shown after the restart")
    if any(p < at_kill for p in progress):
        problems.append(f"progress went back below the committed {at_kill}: {progress}")
    if not any(conditions(v).get("Backfilling") == "True" for v in history[:seen_at_kill]):
        problems.append("Backfilling=True was never shown before the kill")
    backfills = [(conditions(v), v["status"].get("backfill") or {}) for v in history if v.get("status")]
    early = [b for c, b in backfills if c.get("Ready") == "True" and b.get("done", 0) < b.get("total", 0)]
    if early or any(
        conditions(v).get("Ready") == "True" and conditions(v).get("Backfilling") == "True" for v in history
    ):
        problems.append(f"Ready=True while the backfill was still running: {early}")
    # The journal ran each step once: the resumed plan is the same plan, the backfill step continued.
    if target.query("SELECT count(*) FROM schemawright.plans WHERE status <> 'superseded'") != [(2,)]:
        problems.append("the resumed apply started a new plan")
    reliability(
        "faults.operator-killed-mid-backfill",
        section="faults",
        title="Operator SIGKILLed mid-backfill, started again: resumes at the committed key, status truthful",
        unit="kills",
        tried=1,
        passed=0 if problems else 1,
    )
    assert not problems, problems


async def test_two_replicas_without_peering_apply_once_and_do_not_flap(
    cluster: tuple[Cluster, Server], kubectl: Kubectl, target: Target, tmp_path: Path, reliability: Any
) -> None:
    emulator, server = cluster
    target.query(
        f"CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL); "
        f"INSERT INTO users (email) SELECT 'U' || g || '@example.com' FROM generate_series(1, {ROWS}) g"
    )
    with operators(server, tmp_path, count=2):
        await wait_for("kopf to watch DatabaseSchemas", emulator.watching, timeout=60)
        await kubectl.create_secret("shop-db", {"url": target.url})
        # a backfill of ~4.5 s (30 batches, 150 ms apart): the other replica, planning at the same time, finds
        # the database's advisory lock taken whichever of them plans faster
        await kubectl.apply(shop(HANDLE, backfillBatchSize=100, backfillPause="150ms"))
        await wait_for("Ready=True", lambda: kubectl.status_of("shop", "Ready") == "True", timeout=120)
        await asyncio.sleep(5)  # both replicas keep running: any late write of the loser would show now

    plans = target.query("SELECT count(*) FROM schemawright.plans")
    reruns = target.query("SELECT count(*) FROM schemawright.steps WHERE attempts > 1")
    ready = [conditions(v).get("Ready") for v in kubectl.history("shop")]
    transitions = [(a, b) for a, b in itertools.pairwise(ready) if a != b]
    flaps = sum(1 for a, _ in transitions if a == "True")  # Ready left True again: one replica contradicts the other
    busy = [e for e in kubectl.events("shop") if e.get("reason") == "AnotherApplyRunning"]
    problems = []
    if plans != [(1,)] or reruns != [(0,)]:
        problems.append(f"the plan was applied more than once: plans {plans}, steps re-run {reruns}")
    if flaps:
        reasons = [
            next(
                (
                    f"{c['status']} {c['reason']}: {c['message'][:80]}"
                    for c in (v.get("status") or {}).get("conditions") or []
                    if c["type"] == "Ready"
                ),
                None,
            )
            for v in kubectl.history("shop")
        ]
        problems.append(f"Ready flapped: {transitions}: {reasons}")
    if not busy:
        problems.append("the second replica never reported AnotherApplyRunning")
    reliability(
        "faults.two-replicas-no-peering",
        section="faults",
        title="Two operator replicas without peering: one apply per plan, the other AnotherApplyRunning, "
        "Ready never flaps",
        unit="plans",
        tried=1,
        passed=0 if problems else 1,
    )
    assert not problems, problems
