"""A Kubernetes API for the operator tests: kmock's ``KubernetesEmulator`` plus what a real API server
does that the tests rely on, and a ``kubectl``-like client.

The emulator stores objects and streams watch events. :class:`Cluster` adds: uid, creationTimestamp,
``metadata.generation`` (bumped when ``spec`` changes), ``resourceVersion`` (bumped on every change, and
checked by JSON-patch ``test`` ops with 422 on conflict, as kopf expects), ``generateName``, status-subresource
semantics (the main endpoint ignores ``status``, ``/status`` changes only ``status``), and validation of
every ``DatabaseSchema`` written against the CRD's ``openAPIV3Schema`` (422 when invalid).
"""

from __future__ import annotations

import asyncio
import base64
import copy
import datetime as dt
import itertools
import json
import secrets
import socket
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonpatch
import kopf
import yaml
from kmock import KubernetesEmulator, KubernetesError, ResourceInfo, Server, action, resource

from schemawright.operator.crd import CRD_NAME, GROUP, KIND, PLURAL, SHORT_NAMES, SINGULAR, VERSION, resource_validator
from schemawright.operator.handlers import OperatorConfig, build_registry, operator_settings

ROOT = Path(__file__).resolve().parents[2]
CRD = yaml.safe_load((ROOT / "crds" / f"{CRD_NAME}.yaml").read_text())
VALIDATOR = resource_validator(CRD)

DBS = resource(GROUP, VERSION, PLURAL)
SECRETS = resource("", "v1", "secrets")
CONFIGMAPS = resource("", "v1", "configmaps")
EVENTS = resource("", "v1", "events")
NAMESPACES = resource("", "v1", "namespaces")
CRDS = resource("apiextensions.k8s.io", "v1", "customresourcedefinitions")
_VERBS = {"get", "list", "watch", "create", "update", "patch", "delete"}


def schema_problems(obj: dict[str, Any]) -> list[str]:
    """Why ``obj`` (a DatabaseSchema) does not validate against the CRD's schema."""
    return [f"{'.'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in VALIDATOR.iter_errors(obj)]


def merge_diff(old: Any, new: Any) -> Any:
    """A JSON merge patch that turns ``old`` into ``new`` (lists replaced whole, removed keys → None)."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return copy.deepcopy(new)
    patch: dict[str, Any] = {key: None for key in old if key not in new}
    for key, value in new.items():
        if key not in old:
            patch[key] = copy.deepcopy(value)
        elif old[key] != value:
            patch[key] = (
                merge_diff(old[key], value)
                if isinstance(value, dict) and isinstance(old[key], dict)
                else copy.deepcopy(value)
            )
    return patch


def _merge(old: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(old) if isinstance(old, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = _merge(result.get(key), value)
    return result


_VERSIONS = itertools.count(1000)


@dataclass(frozen=True)
class Logged:
    """One request the emulated API server served, as the tests count them."""

    method: str
    action: Any
    resource: Any
    namespace: str | None
    name: str | None
    subresource: str | None


class Cluster(KubernetesEmulator):
    """The emulator with API-server semantics the tests rely on (see the module docstring)."""

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        self.log: list[Logged] = []  # every request served, in order (kmock's own list is kept short: below)
        self._inflight: set[int] = set()

    async def _handle(self, request: Any) -> Any:
        self.log.append(
            Logged(
                str(getattr(request.method, "value", request.method)),
                request.action,
                request.resource,
                request.namespace,
                request.name,
                request.subresource,
            )
        )
        self._inflight.add(id(request))
        try:
            if request.resource is not None:
                # kmock matches reactions by request identity, so the (frozen) request is amended in place.
                if request.action == action.CREATE and isinstance(request.data, dict):
                    object.__setattr__(request, "data", self._created(request))
                elif (
                    request.action == action.UPDATE
                    and request.name is not None
                    and isinstance(request.data, dict | list)
                ):
                    object.__setattr__(request, "data", self._updated(request))
            return await super()._handle(request)
        finally:
            # kmock finds a request's reaction by scanning every request served so far, once per reaction: the cost
            # of a request grows with all before it (quadratic over a run, unlike a real API server). Only the
            # requests still being served need to be in that list.
            self._inflight.discard(id(request))
            self._requests[:] = [r for r in self._requests if id(r) in self._inflight]

    def _created(self, request: Any) -> dict[str, Any]:
        obj = copy.deepcopy(request.data)
        meta = obj.setdefault("metadata", {})
        if not meta.get("name") and meta.get("generateName"):
            meta["name"] = meta["generateName"] + secrets.token_hex(3)
        if request.namespace and not meta.get("namespace"):
            meta["namespace"] = request.namespace
        meta.setdefault("uid", str(uuid.uuid4()))
        meta.setdefault("creationTimestamp", _now())
        meta["generation"] = 1
        meta["resourceVersion"] = str(next(_VERSIONS))
        if request.resource == DBS:
            obj.pop("status", None)
            self._validate(obj)
        return obj

    def _updated(self, request: Any) -> Any:
        key = (request.resource, request.namespace, request.name)
        if key not in self.objects or self.objects[key].deleted:
            return request.data  # the emulator answers 404
        current = copy.deepcopy(self.objects[key].raw)
        if isinstance(request.data, list):
            try:
                new = jsonpatch.apply_patch(current, request.data, in_place=False)
            except (jsonpatch.JsonPatchConflict, jsonpatch.JsonPatchTestFailed) as exc:
                raise KubernetesError(status=422, reason="Invalid", message=f"the patch failed: {exc}") from None
        else:
            new = _merge(current, request.data)
        new = copy.deepcopy(new)
        subresources = self.resources[request.resource].subresources if request.resource in self.resources else set()
        if request.subresource == "status":
            new = (
                {**current, "status": new.get("status")}
                if new.get("status") is not None
                else {k: v for k, v in current.items() if k != "status"}
            )
        elif "status" in subresources:
            new = {k: v for k, v in new.items() if k != "status"}
            if "status" in current:
                new["status"] = current["status"]
        meta = new.setdefault("metadata", {})
        for fixed in ("uid", "creationTimestamp", "name", "namespace"):
            if fixed in current.get("metadata", {}):
                meta[fixed] = current["metadata"][fixed]
        meta["generation"] = current.get("metadata", {}).get("generation", 1) + (new.get("spec") != current.get("spec"))
        if new != current:
            meta["resourceVersion"] = str(next(_VERSIONS))
        if request.resource == DBS and request.subresource is None:
            self._validate(new)
        return merge_diff(current, new)

    @staticmethod
    def _validate(obj: dict[str, Any]) -> None:
        problems = schema_problems({k: v for k, v in obj.items() if k != "status"})
        if problems:
            raise KubernetesError(
                status=422,
                reason="Invalid",
                message=f"{KIND}.{GROUP} {obj['metadata'].get('name')!r} is invalid: " + "; ".join(problems),
            )

    def watching(self, res: Any = DBS) -> bool:
        """Whether a client (kopf) has opened a watch on ``res`` so far (counted in the log of every request:
        kmock's own list holds only the requests being served)."""
        return self.watches(res) > 0

    def watches(self, res: Any = DBS) -> int:
        """How many watches of ``res`` clients opened so far (a restarted kopf opens a new one)."""
        return sum(1 for r in self.log if r.action == action.WATCH and r.resource == res)

    def setup(self) -> None:
        """Serve what kopf needs to start (namespaces, CRDs with ours, events) plus secrets and our resource."""
        self.resources[NAMESPACES] = ResourceInfo(
            kind="Namespace", singular="namespace", namespaced=False, verbs=_VERBS
        )
        self.resources[EVENTS] = ResourceInfo(kind="Event", singular="event", namespaced=True, verbs=_VERBS)
        self.resources[SECRETS] = ResourceInfo(kind="Secret", singular="secret", namespaced=True, verbs=_VERBS)
        self.resources[CONFIGMAPS] = ResourceInfo(kind="ConfigMap", singular="configmap", namespaced=True, verbs=_VERBS)
        self.resources[CRDS] = ResourceInfo(
            kind="CustomResourceDefinition", singular="customresourcedefinition", namespaced=False, verbs=_VERBS
        )
        self.resources[DBS] = ResourceInfo(
            kind=KIND,
            singular=SINGULAR,
            namespaced=True,
            verbs=_VERBS,
            shortnames=set(SHORT_NAMES),
            subresources={"status"},
        )
        self.objects[CRDS, None, CRD_NAME] = copy.deepcopy(CRD)
        for name in ("default", "shop"):
            self.objects[NAMESPACES, None, name] = {
                "apiVersion": "v1",
                "kind": "Namespace",
                "metadata": {"name": name, "uid": str(uuid.uuid4())},
            }


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ApiError(Exception):
    """The emulated API server refused a request."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"HTTP {status}: {body[:500]}")
        self.status = status


@dataclass
class Kubectl:
    """What a person does with kubectl, over HTTP against the emulated API server."""

    cluster: Cluster
    server: Server
    namespace: str = "shop"

    def _path(self, res: Any, name: str | None = None, sub: str | None = None, namespace: str | None = None) -> str:
        base = "/api/v1" if res.group == "" else f"/apis/{res.group}/{res.version}"
        path = f"{base}/namespaces/{namespace or self.namespace}/{res.plural}"
        return path + (f"/{name}" if name else "") + (f"/{sub}" if sub else "")

    async def _send(self, method: str, path: str, body: Any = None, content_type: str | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": content_type or "application/json"}
        async with self.server.client.request(method, path, data=data, headers=headers) as response:
            text = await response.text()
            if response.status >= 400:
                raise ApiError(response.status, text)
            return json.loads(text) if text else None

    async def apply(self, obj: dict[str, Any]) -> dict[str, Any]:
        """``kubectl apply``: create, or merge-patch the spec (and labels/annotations) of an existing object."""
        problems = schema_problems(obj)
        assert not problems, f"the test's resource does not validate against the CRD: {problems}"
        name = obj["metadata"]["name"]
        if self.get(name) is None:
            return dict(await self._send("POST", self._path(DBS), obj))
        patch = {
            "metadata": {k: v for k, v in obj["metadata"].items() if k in ("labels", "annotations")},
            "spec": obj["spec"],
        }
        current = self.get(name) or {}
        return dict(
            await self._send(
                "PATCH",
                self._path(DBS, name),
                merge_diff({"metadata": {}, "spec": current.get("spec")}, patch),
                "application/merge-patch+json",
            )
        )

    async def annotate(self, name: str, key: str, value: str | None) -> None:
        """``kubectl annotate --overwrite dbs/NAME KEY=VALUE`` (``None``: remove it)."""
        await self._send(
            "PATCH", self._path(DBS, name), {"metadata": {"annotations": {key: value}}}, "application/merge-patch+json"
        )

    async def delete(self, name: str) -> None:
        """``kubectl delete dbs/NAME`` (returns at once; the finalizer holds the object until released)."""
        await self._send("DELETE", self._path(DBS, name))

    async def create_secret(self, name: str, values: dict[str, str], labels: dict[str, str] | None = None) -> None:
        """``kubectl create secret generic NAME --from-literal=…`` (then ``kubectl label`` with ``labels``)."""
        data = {k: base64.b64encode(v.encode()).decode() for k, v in values.items()}
        meta: dict[str, Any] = {"name": name, "namespace": self.namespace}
        if labels:
            meta["labels"] = dict(labels)
        await self._send(
            "POST",
            self._path(SECRETS),
            {"apiVersion": "v1", "kind": "Secret", "type": "Opaque", "metadata": meta, "data": data},
        )

    async def delete_secret(self, name: str) -> None:
        """``kubectl delete secret NAME``."""
        await self._send("DELETE", self._path(SECRETS, name))

    async def replace_secret(self, name: str, values: dict[str, str]) -> None:
        """``kubectl create secret generic NAME --from-literal=… --dry-run=client -o yaml | kubectl apply -f -``."""
        data = {k: base64.b64encode(v.encode()).decode() for k, v in values.items()}
        await self._send("PATCH", self._path(SECRETS, name), {"data": data}, "application/merge-patch+json")

    async def apply_config_map(self, name: str, data: dict[str, str]) -> None:
        """``kubectl create configmap NAME --from-file=…``, or replace the data of an existing one."""
        key = (CONFIGMAPS, self.namespace, name)
        if key in self.cluster.objects and not self.cluster.objects[key].deleted:
            await self._send("PATCH", self._path(CONFIGMAPS, name), {"data": data}, "application/merge-patch+json")
            return
        await self._send(
            "POST",
            self._path(CONFIGMAPS),
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {"name": name, "namespace": self.namespace},
                "data": data,
            },
        )

    def get(self, name: str) -> dict[str, Any] | None:
        """``kubectl get dbs/NAME -o json`` (None when absent)."""
        key = (DBS, self.namespace, name)
        if key not in self.cluster.objects or self.cluster.objects[key].deleted:
            return None
        return copy.deepcopy(self.cluster.objects[key].raw)

    def condition(self, name: str, type_: str) -> dict[str, Any]:
        """One condition of ``dbs/NAME`` (empty when absent)."""
        obj = self.get(name) or {}
        return next((c for c in (obj.get("status") or {}).get("conditions") or [] if c["type"] == type_), {})

    def status_of(self, name: str, type_: str) -> str | None:
        """``True``/``False``/``Unknown`` of one condition (None when absent)."""
        return self.condition(name, type_).get("status")

    def was_true(self, name: str, type_: str) -> bool:
        """Whether any stored version of ``dbs/NAME`` had condition ``type_`` True (a watcher saw it)."""
        return any(
            c.get("type") == type_ and c.get("status") == "True"
            for v in self.history(name)
            for c in (v.get("status") or {}).get("conditions") or []
        )

    def history(self, name: str) -> list[dict[str, Any]]:
        """Every stored version of ``dbs/NAME`` (what a watcher saw)."""
        key = (DBS, self.namespace, name)
        return [copy.deepcopy(v.raw) for v in self.cluster.objects[key].history if v is not None]

    def events(self, name: str | None = None) -> list[dict[str, Any]]:
        """``kubectl events --for dbs/NAME``: every event posted (about NAME if given)."""
        found = []
        for (res, _ns, _n), obj in self.cluster.objects.items():
            if res == EVENTS and not obj.deleted:
                event = obj.raw
                if name is None or (event.get("involvedObject") or {}).get("name") == name:
                    found.append(copy.deepcopy(event))
        return found

    def reasons(self, name: str) -> list[str]:
        """The reasons of the events about ``dbs/NAME``, in order."""
        return [e.get("reason", "") for e in self.events(name)]

    def everything_written(self) -> str:
        """Every stored version of every object, as JSON text (to look for leaked secrets)."""
        texts = []
        for (res, _ns, _n), obj in self.cluster.objects.items():
            if res == SECRETS:
                continue
            texts += [json.dumps(v.raw) for v in obj.history if v is not None]
        return "\n".join(texts)


async def wait_for(what: str, check: Callable[[], Any], timeout: float = 30.0, interval: float = 0.05) -> Any:
    """Poll ``check`` until it returns something truthy; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if isinstance(value, Awaitable):
            value = await value
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        await asyncio.sleep(interval)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for an operator process's metrics or liveness)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_kubeconfig(server: Server, path: Path) -> Path:
    """A kubeconfig at ``path`` whose current context is the emulated API server (for operator processes)."""
    path.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "current-context": "emulator",
                "clusters": [{"name": "emulator", "cluster": {"server": str(server.url).rstrip("/")}}],
                "users": [{"name": "tester", "user": {}}],
                "contexts": [{"name": "emulator", "context": {"cluster": "emulator", "user": "tester"}}],
            }
        )
    )
    return path


def start_operator(url: str, config: OperatorConfig) -> tuple[threading.Event, threading.Event, threading.Thread]:
    """The real kopf operator with the schemawright registry, against the API server at ``url``, in a thread of
    its own event loop, like a separate process (in the test's loop, kopf would count the test's teardown task as
    its own hung task and wait for it). Returns (stop, ready, thread): set ``stop`` to end it."""
    registry = build_registry(config)

    @kopf.on.login(registry=registry)
    def login(**_: Any) -> kopf.ConnectionInfo:
        return kopf.ConnectionInfo(server=url, insecure=True)

    settings = operator_settings(config)
    settings.watching.reconnect_backoff = 0.05
    settings.posting.idle_timeout = 0.2
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(
        name="kopf",
        daemon=True,
        target=lambda: asyncio.run(
            kopf.operator(
                registry=registry,
                settings=settings,
                clusterwide=True,
                standalone=True,
                stop_flag=stop,
                ready_flag=ready,
            )
        ),
    )
    thread.start()
    return stop, ready, thread
