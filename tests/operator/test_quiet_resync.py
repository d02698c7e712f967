"""An operator restart over resources that are up to date: each is reconciled again (kopf's resume), finds
nothing to do, and writes nothing — no status or annotation patch, no Event — so the resync of a fleet costs the
API server one Secret read per resource and wakes no watcher (``kubectl get -w``, Argo CD, Flux)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

import pytest
from _cluster import Cluster, Kubectl, Logged, wait_for
from _docs import shop
from _target import Target
from kmock import Server

from schemawright.operator import metrics
from schemawright.operator.annotations import RECONCILE

pytestmark = pytest.mark.asyncio

Run = Callable[[], AbstractAsyncContextManager[None]]


def _reconciles(trigger: str, result: str) -> float:
    return metrics.RECONCILES.labels("shop", "shop", trigger, result)._value.get()


def _writes(requests: list[Logged]) -> list[Logged]:
    return [r for r in requests if r.method in {"POST", "PUT", "PATCH", "DELETE"}]


async def test_a_restart_over_an_up_to_date_resource_writes_nothing(
    cluster: tuple[Cluster, Server], kubectl: Kubectl, operator_run: Run, target: Target
) -> None:
    emulator, _server = cluster
    await kubectl.create_secret("shop-db", {"url": target.url})
    async with operator_run():
        await kubectl.apply(shop())
        await wait_for("Ready=True", lambda: kubectl.status_of("shop", "Ready") == "True")
        await kubectl.annotate("shop", RECONCILE, "1")  # once up to date, as after any resync (Applied → UpToDate)
        await wait_for("UpToDate", lambda: kubectl.condition("shop", "Ready").get("reason") == "UpToDate")
    before = kubectl.get("shop") or {}
    events = len(kubectl.events("shop"))
    resumed = _reconciles("resume", "uptodate")

    start = len(emulator.log)
    async with operator_run():
        await wait_for("the resume reconcile", lambda: _reconciles("resume", "uptodate") > resumed, timeout=30)
    # the operator has stopped: every request it sent is in the log
    assert _writes(emulator.log[start:]) == []
    after = kubectl.get("shop") or {}
    assert after["metadata"]["resourceVersion"] == before["metadata"]["resourceVersion"]
    assert after["status"] == before["status"]
    assert kubectl.status_of("shop", "Ready") == "True"
    assert len(kubectl.events("shop")) == events


async def test_a_requested_reconcile_that_finds_nothing_to_do_leaves_the_status_alone(
    cluster: tuple[Cluster, Server], operator: Kubectl, target: Target
) -> None:
    emulator, _server = cluster
    kubectl = operator
    await kubectl.create_secret("shop-db", {"url": target.url})
    await kubectl.apply(shop())
    await wait_for("Ready=True", lambda: kubectl.status_of("shop", "Ready") == "True")
    await kubectl.annotate("shop", RECONCILE, "1")  # the first one after the apply says so (Applied → UpToDate)
    await wait_for("UpToDate", lambda: kubectl.condition("shop", "Ready").get("reason") == "UpToDate")
    status = (kubectl.get("shop") or {})["status"]
    done = _reconciles("update", "uptodate")

    start = len(emulator.log)
    await kubectl.annotate("shop", RECONCILE, "2")
    await wait_for("the requested reconcile", lambda: _reconciles("update", "uptodate") > done, timeout=20)
    await wait_for("kopf's bookkeeping", lambda: len(_writes(emulator.log[start:])) >= 2, timeout=5)

    assert (kubectl.get("shop") or {})["status"] == status  # plan.computedAt included: the same plan as before
    status_patches = [r for r in emulator.log[start:] if r.subresource == "status"]
    assert status_patches == []
    assert not [r for r in _writes(emulator.log[start:]) if r.resource is not None and r.resource.plural == "events"]
