"""End to end on a real cluster (kind or k3d): opt-in, skipped when no such cluster is reachable.

The API server is real (CRD structural validation, defaults, status subresource, field validation); the
operator runs on this machine (``python -m schemawright.operator``, logging in with KUBECONFIG) so that it
reaches the embedded PostgreSQL. Runs only against a kube context named ``kind-*`` or ``k3d-*`` or the one
named by ``SCHEMAWRIGHT_E2E_CONTEXT``, never against whatever cluster the current context points at.

    kind create cluster && python -m pytest tests/operator/test_e2e_cluster.py -m cluster -v
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from _docs import shop
from _target import PASSWORD, Target

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.cluster


def _kubectl(*args: str, stdin: str | None = None, check: bool = True, timeout: float = 60) -> str:
    result = subprocess.run(
        ["kubectl", *args], input=stdin, capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and result.returncode != 0:
        raise AssertionError(f"kubectl {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def _cluster_context() -> str | None:
    if shutil.which("kubectl") is None:
        return None
    try:
        context = _kubectl("config", "current-context", check=False, timeout=5).strip()
        allowed = context.startswith(("kind-", "k3d-")) or context == os.environ.get("SCHEMAWRIGHT_E2E_CONTEXT")
        if not context or not allowed:
            return None
        _kubectl("version", "--request-timeout=3s", timeout=10)
    except (AssertionError, subprocess.TimeoutExpired, OSError):
        return None
    return context


@pytest.fixture(scope="module")
def context() -> str:
    found = _cluster_context()
    if found is None:
        pytest.skip("no kind/k3d cluster reachable (or SCHEMAWRIGHT_E2E_CONTEXT not set)")
    _kubectl("apply", "-f", str(ROOT / "crds" / "databaseschemas.schemawright.io.yaml"))
    _kubectl("wait", "--for=condition=Established", "crd/databaseschemas.schemawright.io", "--timeout=60s")
    return found


@pytest.fixture
def namespace(context: str) -> Iterator[str]:
    name = f"sw-e2e-{uuid.uuid4().hex[:8]}"
    _kubectl("create", "namespace", name)
    yield name
    _kubectl("delete", "namespace", name, "--wait=false", check=False)


@pytest.fixture
def operator_process(namespace: str) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "schemawright.operator",
            f"--namespace={namespace}",
            "--liveness-port=0",
            "--metrics-port=0",
            "--log-format=plain",
            "--retry-delay=1",
            "--drift-tick=1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=60)
    assert PASSWORD not in output


def _wait(what: str, check: Callable[[], Any], timeout: float = 90) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_real_cluster(namespace: str, operator_process: subprocess.Popen[str], target: Target) -> None:
    _kubectl("create", "secret", "generic", "shop-db", "-n", namespace, f"--from-literal=url={target.url}")
    doc = shop()
    doc["metadata"]["namespace"] = namespace
    _kubectl("apply", "-f", "-", stdin=yaml.safe_dump(doc))
    _kubectl("wait", "--for=condition=Ready", "dbs/shop", "-n", namespace, "--timeout=120s", timeout=130)
    assert {"users", "orders"} <= target.tables()
    table = _kubectl("get", "dbs", "-n", namespace)
    assert "READY" in table and "PLAN HASH" in table and "True" in table

    # the API server applies the CRD's defaults and keeps status on its subresource
    obj = json.loads(_kubectl("get", "dbs/shop", "-n", namespace, "-o", "json"))
    assert obj["spec"]["policy"]["mode"] == "Apply" and obj["status"]["observedGeneration"] == 1

    # destructive edit → approval → dropped
    doc["spec"]["tables"][0]["columns"].append({"name": "nickname", "type": "text"})
    _kubectl("apply", "-f", "-", stdin=yaml.safe_dump(doc))
    _wait("nickname", lambda: "nickname" in target.columns("users"))
    doc["spec"]["tables"][0]["columns"].pop()
    _kubectl("apply", "-f", "-", stdin=yaml.safe_dump(doc))
    _kubectl("wait", "--for=condition=ApprovalRequired", "dbs/shop", "-n", namespace, "--timeout=120s", timeout=130)
    plan_hash = _kubectl("get", "dbs/shop", "-n", namespace, "-o", "jsonpath={.status.plan.hash}")
    _kubectl("annotate", "dbs/shop", "-n", namespace, "--overwrite", f"schemawright.io/approve={plan_hash}")
    _wait("the column dropped", lambda: "nickname" not in target.columns("users"))

    # an invalid field is rejected by the real API server (unknown field under strict field validation)
    bad = json.loads(json.dumps(doc))
    bad["spec"]["tabels"] = []
    result = subprocess.run(
        ["kubectl", "apply", "-f", "-"], input=yaml.safe_dump(bad), capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "tabels" in result.stderr

    _kubectl("delete", "dbs/shop", "-n", namespace, "--timeout=60s")
    assert {"users", "orders"} <= target.tables()
