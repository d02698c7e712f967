"""The emulated API server does what the operator tests rely on from a real one."""

from __future__ import annotations

import pytest
from _cluster import DBS, ApiError, Cluster, Kubectl
from _docs import shop
from kmock import Server

pytestmark = pytest.mark.asyncio


async def test_generation_status_subresource_conflicts_and_validation(
    cluster: tuple[Cluster, Server], kubectl: Kubectl
) -> None:
    created = await kubectl.apply(shop())
    meta = created["metadata"]
    assert meta["generation"] == 1 and meta["uid"] and meta["resourceVersion"]
    path = kubectl._path(DBS, "shop")

    # status through the main endpoint is ignored; through /status only status changes
    await kubectl._send(
        "PATCH", path, {"status": {"phase": "X"}, "metadata": {"labels": {"a": "b"}}}, "application/merge-patch+json"
    )
    obj = kubectl.get("shop") or {}
    assert "status" not in obj and obj["metadata"]["labels"] == {"a": "b"} and obj["metadata"]["generation"] == 1
    await kubectl._send(
        "PATCH", path + "/status", {"status": {"phase": "Y"}, "spec": {"sql": "x"}}, "application/merge-patch+json"
    )
    obj = kubectl.get("shop") or {}
    assert obj["status"] == {"phase": "Y"} and "sql" not in obj["spec"]

    # a spec change bumps the generation; a stale resourceVersion in a JSON patch test is a 422 conflict
    version = obj["metadata"]["resourceVersion"]
    await kubectl.apply(shop([{"name": "name", "type": "text"}]))
    assert (kubectl.get("shop") or {})["metadata"]["generation"] == 2
    with pytest.raises(ApiError) as conflict:
        await kubectl._send(
            "PATCH",
            path,
            [
                {"op": "test", "path": "/metadata/resourceVersion", "value": version},
                {"op": "add", "path": "/metadata/finalizers", "value": ["x"]},
            ],
            "application/json-patch+json",
        )
    assert conflict.value.status == 422

    # what the CRD's schema rejects, the API server rejects
    with pytest.raises(ApiError) as invalid:
        await kubectl._send("PATCH", path, {"spec": {"policy": {"mode": "Sometimes"}}}, "application/merge-patch+json")
    assert invalid.value.status == 422 and "Sometimes" in str(invalid.value)

    # events get a name from generateName
    await kubectl._send("POST", "/api/v1/namespaces/shop/events", {"metadata": {"generateName": "e-"}, "reason": "R"})
    assert [e["metadata"]["name"].startswith("e-") for e in kubectl.events()] == [True]
