"""The kopf handlers: thin translations kopf body → :func:`reconcile` → ``patch`` (+ kopf errors).

Every handler is synchronous: kopf runs it in its thread pool, so the engine's blocking database work
never stalls the event loop. One reconcile per resource at a time (a per-resource lock shared with the
drift timer); one apply per target database at a time (the executor's advisory lock, across resources,
replicas and the CLI).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import kopf

from schemawright.operator import annotations as notes
from schemawright.operator import fleet, sqlfrom
from schemawright.operator.conditions import clipped, settled
from schemawright.operator.crd import GROUP, PLURAL, VERSION
from schemawright.operator.fleetdrift import check_fleet_drift, fleet_drift_checkable
from schemawright.operator.fleetrecord import FleetRecords
from schemawright.operator.kube import Kube, SecretUnavailable, redact
from schemawright.operator.model import Resource, Result, Settings, unwritten
from schemawright.operator.reconcile import check_drift, drift_checkable, reconcile
from schemawright.operator.refresh import refresh_due
from schemawright.spec.durations import parse_duration_ms

FINALIZER = "schemawright.io/finalizer"
KOPF_PREFIX = "operator.schemawright.io"  # kopf's own bookkeeping annotations (not schemawright.io/*)
MAX_EVENT_MESSAGE = 1000


@dataclass(frozen=True)
class OperatorConfig:
    """Everything the handlers need that is not in a resource."""

    settings: Settings = field(default_factory=Settings)
    kube: Kube = field(default_factory=Kube)
    drift_tick_s: float = 10.0  # how often each resource's drift timer wakes (its interval is in the spec)
    refresh_tick_s: float = 30.0  # how often each resource's refresh timer looks for due views (spec.refresh)
    max_retry_delay_s: float = 300.0
    workers: int = 4
    fleets: bool = True  # watch Secrets for fleets (spec.database.secretSelector): needs list/watch on secrets
    login: bool = True  # log in via the kubernetes client (tests log in to their emulator instead)


def operator_settings(config: OperatorConfig) -> kopf.OperatorSettings:
    """kopf's settings: our finalizer, our annotation prefix, our own annotations ignored in diffs."""
    settings = kopf.OperatorSettings()
    settings.persistence.finalizer = FINALIZER
    settings.persistence.progress_storage = kopf.SmartProgressStorage(prefix=KOPF_PREFIX)
    settings.persistence.diffbase_storage = kopf.AnnotationsDiffBaseStorage(
        prefix=KOPF_PREFIX, ignored_fields=[("metadata", "annotations", key) for key in notes.WRITTEN]
    )
    settings.posting.reporting_component = "schemawright"
    settings.execution.max_workers = config.workers
    return settings


@dataclass
class KopfSink:
    """Reports of a running reconcile: kopf events, live status/annotation patches (best effort)."""

    body: Any
    kube: Kube
    namespace: str
    name: str
    logger: logging.Logger | logging.LoggerAdapter[logging.Logger]
    secrets: tuple[str | None, ...] = ()
    patched: bool = False  # whether a live patch went out (then the status kopf gave the handler is stale)

    def event(self, type_: str, reason: str, message: str) -> None:
        """Post a Kubernetes event on the resource."""
        text = clipped(redact(message, *self.secrets), MAX_EVENT_MESSAGE)
        kopf.event(self.body, type=type_, reason=reason, message=text)
        log = self.logger.warning if type_ == "Warning" else self.logger.info
        log("%s: %s", reason, text)

    def patch_status(self, status: dict[str, Any]) -> None:
        """Patch the status subresource now."""
        self.patched = True
        try:
            self.kube.patch_status(self.namespace, self.name, status)
        except Exception as exc:  # progress is best effort; the handler's own patch follows
            self.logger.debug("live status patch failed: %s", redact(str(exc), *self.secrets))

    def patch_annotations(self, annotations: dict[str, str]) -> None:
        """Patch annotations now."""
        self.patched = True
        try:
            self.kube.patch_annotations(self.namespace, self.name, dict(annotations))
        except Exception as exc:
            self.logger.debug("live annotation patch failed: %s", redact(str(exc), *self.secrets))


class Handlers:
    """The operator's state (per-resource locks, drift clocks) and its handler bodies."""

    def __init__(self, config: OperatorConfig) -> None:
        self.config = config
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._checked: dict[str, float] = {}
        self.memberships = fleet.Memberships()
        self.records = FleetRecords()  # each fleet target's last result and fingerprint

    @contextmanager
    def _held(self, uid: str, *, wait: bool = True) -> Iterator[bool]:
        with self._guard:
            lock = self._locks.setdefault(uid, threading.Lock())
        got = lock.acquire(blocking=wait)
        try:
            yield got
        finally:
            if got:
                lock.release()

    def _sink(self, body: Any, resource: Resource, logger: Any) -> KopfSink:
        return KopfSink(
            body, self.config.kube, resource.namespace, resource.name, logger, (self.config.settings.shadow_url,)
        )

    def _reconcile(self, resource: Resource, sink: KopfSink, trigger: str) -> Result:
        """One database, or a fleet (``spec.database.secretSelector``)."""
        if fleet.is_fleet(resource):
            return fleet.reconcile_fleet(
                resource,
                sink=sink,
                kube=self.config.kube,
                settings=self.config.settings,
                trigger=trigger,
                memberships=self.memberships,
                records=self.records,
            )
        return reconcile(resource, sink=sink, kube=self.config.kube, settings=self.config.settings, trigger=trigger)

    def reconcile(self, body: Mapping[str, Any], patch: kopf.Patch, logger: Any, retry: int, trigger: str) -> None:
        """create/update/resume: reconcile and write the result; kopf errors for failures."""
        resource = Resource.from_body(body)
        sink = self._sink(body, resource, logger)
        with self._held(resource.uid):
            result = self._reconcile(resource, sink, trigger)
        self._checked[resource.uid] = time.monotonic()
        _write(patch, result, resource, sink)
        _raise(result, retry, self.config.max_retry_delay_s)

    def drift(self, body: Mapping[str, Any], patch: kopf.Patch, logger: Any) -> None:
        """The drift timer: when the resource's interval has passed, compare fingerprints (a fleet's: each
        target's); on drift, reconcile (a fleet: the drifted targets). First, a changed ConfigMap of
        ``spec.sqlFrom`` reconciles at once."""
        resource = Resource.from_body(body)
        if self._sql_from_changed(resource, logger):
            with self._held(resource.uid, wait=False) as held:
                if held:
                    sink = self._sink(body, resource, logger)
                    result = self._reconcile(resource, sink, "sqlFrom")
                    self._checked[resource.uid] = time.monotonic()
                    _write(patch, result, resource, sink)
            return
        interval = drift_interval(resource)
        # Not reconciled by this process yet (it just started): the resume reconcile kopf runs for every resource
        # reads the live schema anyway, and checking before it would double a restart's work.
        last = self._checked.get(resource.uid)
        many = fleet.is_fleet(resource)
        checkable = fleet_drift_checkable(resource, self.records) if many else drift_checkable(resource)
        if last is None or not interval or not checkable or time.monotonic() - last < interval:
            return
        with self._held(resource.uid, wait=False) as held:
            if not held:
                return  # a reconcile is running: it ends with a fresh fingerprint anyway
            self._checked[resource.uid] = time.monotonic()
            sink = self._sink(body, resource, logger)
            kube, settings = self.config.kube, self.config.settings
            drifted = (
                check_fleet_drift(resource, sink=sink, kube=kube, settings=settings, records=self.records)
                if many
                else check_drift(resource, sink=sink, kube=kube, settings=settings)
            )
        if drifted is not None:
            _write(patch, drifted, resource, sink)

    def refresh(self, body: Mapping[str, Any], patch: kopf.Patch, logger: Any) -> None:
        """The refresh timer: run the due refreshes of ``spec.refresh`` and report them in the status."""
        resource = Resource.from_body(body)
        sink = self._sink(body, resource, logger)
        result = refresh_due(resource, sink=sink, kube=self.config.kube, settings=self.config.settings)
        if result is not None:
            _write(patch, result, resource, sink)

    def _sql_from_changed(self, resource: Resource, logger: Any) -> bool:
        """Whether the SQL of ``spec.sqlFrom`` differs from what the last reconcile of this generation used."""
        refs = sqlfrom.references(resource.document)
        status = resource.status
        if not refs or status.get("observedGeneration") != resource.generation:
            return False  # a reconcile of the new generation reads them anyway
        try:
            _sql, digest = sqlfrom.read(resource.namespace, refs, self.config.kube)
        except SecretUnavailable as exc:  # reported by the reconciles; checked again next tick
            logger.debug("spec.sqlFrom not readable: %s", exc)
            return False
        return digest != status.get("sqlFromDigest")

    def secret_changed(self, event: Mapping[str, Any], logger: Any) -> None:
        """A Secret appeared, changed its labels or went: ask each fleet it joins or leaves for a reconcile
        (through the reconcile-request annotation, so the reconcile runs as any other, one at a time)."""
        obj = event.get("object") or {}
        meta = obj.get("metadata") or {}
        namespace, name = str(meta.get("namespace") or ""), str(meta.get("name") or "")
        concerned = self.memberships.concerned(
            namespace,
            name,
            meta.get("labels"),
            deleted=event.get("type") == "DELETED" or bool(meta.get("deletionTimestamp")),
        )
        for resource in concerned:
            try:
                self.config.kube.patch_annotations(
                    namespace, resource, {notes.RECONCILE: f"secret {name} {time.time():.3f}"}
                )
            except Exception as exc:  # the next retry or resume reconciles anyway
                logger.info("could not request a reconcile of %s/%s: %s", namespace, resource, type(exc).__name__)

    def delete(self, body: kopf.Body, logger: Any) -> None:
        """Deletion (``onDelete: Orphan``): leave the database alone, release what the operator holds."""
        resource = Resource.from_body(body)
        with self._held(resource.uid):  # let a running apply finish (it holds the database's advisory lock)
            self._checked.pop(resource.uid, None)
        with self._guard:
            self._locks.pop(resource.uid, None)
        self.memberships.forget(resource.uid)
        self.records.forget(resource.uid)
        kopf.info(
            body,
            reason="Orphaned",
            message="deleted: the database objects are left in place (spec.policy.onDelete: Orphan)",
        )
        logger.info("deleted; database objects left in place (onDelete: Orphan)")


def drift_interval(resource: Resource) -> float:
    """``spec.policy.driftCheckInterval`` in seconds (default 5m; 0 = off; unparsable = off)."""
    policy = (resource.document.get("spec") or {}).get("policy") or {}
    text = policy.get("driftCheckInterval", "5m")
    try:
        return parse_duration_ms(str(text)) / 1000
    except ValueError:
        return 0.0


def relevant(body: Mapping[str, Any] | None) -> tuple[Any, ...]:
    """What a change must touch to be worth a reconcile: the spec, the approval, a reconcile request."""
    body = body or {}
    return (body.get("spec"), *notes.triggers((body.get("metadata") or {}).get("annotations")))


def _write(patch: kopf.Patch, result: Result, resource: Resource, sink: KopfSink) -> None:
    """Put the result into kopf's patch: only what the resource does not already say, so a reconcile that
    changes nothing sends no request (and wakes no watcher). After a live patch the handler's view of the
    resource is stale: then everything is written."""
    status, annotations = result.status, result.annotations
    if not sink.patched:
        if "conditions" in status:
            status = {**status, "conditions": settled(resource.status.get("conditions"), status["conditions"])}
        status, annotations = unwritten(resource.status, status), unwritten(resource.annotations, annotations)
    for key, value in annotations.items():
        patch.metadata.annotations[key] = value
    for key, value in status.items():
        patch.status[key] = value


def _raise(result: Result, retry: int, max_delay_s: float) -> None:
    failure = result.failure
    if failure is None:
        return
    if failure.permanent:
        raise kopf.PermanentError(f"{failure.reason}: {failure.message}")
    delay = min(failure.delay_s * (2 ** min(retry, 10)), max(max_delay_s, failure.delay_s))
    raise kopf.TemporaryError(f"{failure.reason}: {failure.message}", delay=delay)


def build_registry(config: OperatorConfig) -> kopf.OperatorRegistry:
    """A fresh kopf registry with the schemawright handlers (the tests add their own login to it)."""
    registry = kopf.OperatorRegistry()
    handlers = Handlers(config)
    resource = (GROUP, VERSION, PLURAL)

    if config.login:

        @kopf.on.login(registry=registry, id="login")
        def login(**kwargs: Any) -> kopf.ConnectionInfo | None:
            """The in-cluster service account, else ``KUBECONFIG``; also configures the kubernetes client."""
            return kopf.login_via_client(**kwargs)

    @kopf.on.resume(*resource, registry=registry, id="reconcile-resume")
    def on_resume(body: kopf.Body, patch: kopf.Patch, logger: Any, retry: int, **_: Any) -> None:
        handlers.reconcile(body, patch, logger, retry, "resume")

    @kopf.on.create(*resource, registry=registry, id="reconcile-create")
    def on_create(body: kopf.Body, patch: kopf.Patch, logger: Any, retry: int, **_: Any) -> None:
        handlers.reconcile(body, patch, logger, retry, "create")

    @kopf.on.update(
        *resource, registry=registry, id="reconcile-update", when=lambda old, new, **_: relevant(old) != relevant(new)
    )
    def on_update(body: kopf.Body, patch: kopf.Patch, logger: Any, retry: int, **_: Any) -> None:
        handlers.reconcile(body, patch, logger, retry, "update")

    @kopf.on.delete(*resource, registry=registry, id="orphan")
    def on_delete(body: kopf.Body, logger: Any, **_: Any) -> None:
        handlers.delete(body, logger)

    if config.fleets:

        @kopf.on.event("", "v1", "secrets", registry=registry, id="fleet-secrets")
        def on_secret(event: kopf.RawEvent, logger: Any, **_: Any) -> None:
            handlers.secret_changed(event, logger)

    @kopf.timer(
        *resource, registry=registry, id="drift", interval=config.drift_tick_s, initial_delay=config.drift_tick_s
    )
    def on_timer(body: kopf.Body, patch: kopf.Patch, logger: Any, **_: Any) -> None:
        handlers.drift(body, patch, logger)

    @kopf.timer(
        *resource, registry=registry, id="refresh", interval=config.refresh_tick_s, initial_delay=config.refresh_tick_s
    )
    def on_refresh(body: kopf.Body, patch: kopf.Patch, logger: Any, **_: Any) -> None:
        handlers.refresh(body, patch, logger)

    return registry
