"""``python -m schemawright.operator`` as a process: KUBECONFIG login, liveness, Prometheus metrics, JSON logs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from _cluster import Cluster, Kubectl, free_port, wait_for, write_kubeconfig
from _docs import shop
from _target import PASSWORD, Target
from kmock import Server

pytestmark = pytest.mark.asyncio


def http_get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status, response.read().decode()
    except OSError:
        return 0, ""


async def test_operator_process(
    cluster: tuple[Cluster, Server], kubectl: Kubectl, target: Target, tmp_path: Path
) -> None:
    emulator, server = cluster
    kubeconfig = write_kubeconfig(server, tmp_path / "kubeconfig")
    live, metrics = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUBERNETES_")}
    env.update(KUBECONFIG=str(kubeconfig), SCHEMAWRIGHT_SHADOW_URL="")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "schemawright.operator",
            f"--liveness-port={live}",
            f"--metrics-port={metrics}",
            "--log-format=json",
            "--drift-tick=1",
            "--retry-delay=0.5",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        await wait_for("the liveness probe", lambda: http_get(f"http://127.0.0.1:{live}/healthz")[0] == 200, timeout=30)
        await wait_for("kopf to watch DatabaseSchemas", emulator.watching, timeout=30)
        await kubectl.create_secret("shop-db", {"url": target.url})
        await kubectl.apply(shop())
        await wait_for("Ready=True", lambda: kubectl.status_of("shop", "Ready") == "True", timeout=30)
        assert {"users", "orders"} <= target.tables()

        status, text = http_get(f"http://127.0.0.1:{metrics}/metrics")
        assert status == 200
        assert (
            'schemawright_reconciles_total{name="shop",namespace="shop",result="applied",trigger="create"} 1.0' in text
        )
        assert 'schemawright_steps_applied_total{name="shop",namespace="shop",phase="expand"}' in text
        assert "schemawright_reconcile_duration_seconds_bucket" in text
        assert "schemawright_drift_detected_total" in text
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output[-3000:]
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines, "the operator logged nothing"
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all("message" in r for r in records)
    assert any("Applied" in r["message"] for r in records)
    assert not any("Timer 'drift'" in r["message"] for r in records)
    assert PASSWORD not in output and target.url not in output
