"""The reconcile layer's data: a resource as the reconciler sees it, the operator's settings, where progress goes
(:class:`Sink`), a failure and a result for the kopf handlers, and the status being written (:class:`StatusBook`)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from schemawright import GuardOverrides
from schemawright.errors import (
    RETRIES,
)
from schemawright.operator import conditions as cond
from schemawright.operator.conditions import Condition


@dataclass(frozen=True)
class Resource:
    """What a reconcile needs from a ``DatabaseSchema`` object (plain data, detached from kopf)."""

    namespace: str
    name: str
    uid: str
    generation: int | None
    document: dict[str, Any]  # apiVersion, kind, metadata (name, namespace, labels, annotations), spec
    annotations: dict[str, str]
    status: dict[str, Any]

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> Resource:
        """From a kopf body (or any mapping shaped like the object)."""
        raw = _plain(body)
        meta = raw.get("metadata") or {}
        metadata = {k: meta[k] for k in ("name", "namespace", "labels", "annotations") if meta.get(k) is not None}
        document = {
            "apiVersion": raw.get("apiVersion"),
            "kind": raw.get("kind"),
            "metadata": metadata,
            "spec": raw.get("spec") or {},
        }
        generation = meta.get("generation")
        return cls(
            namespace=str(meta.get("namespace") or ""),
            name=str(meta.get("name") or ""),
            uid=str(meta.get("uid") or ""),
            generation=int(generation) if generation is not None else None,
            document=document,
            annotations=dict(meta.get("annotations") or {}),
            status=dict(raw.get("status") or {}),
        )

    @property
    def source(self) -> str:
        """How messages name this resource."""
        return f"databaseschema {self.namespace}/{self.name}"


class Sink(Protocol):
    """Where a reconcile reports while it runs: Kubernetes events and live status/annotation patches."""

    def event(self, type_: str, reason: str, message: str) -> None:
        """Post an event (``Normal`` or ``Warning``) on the resource."""

    def patch_status(self, status: dict[str, Any]) -> None:
        """Merge-patch the resource's status now (best effort)."""

    def patch_annotations(self, annotations: dict[str, str]) -> None:
        """Merge-patch the resource's annotations now (best effort)."""


@dataclass(frozen=True)
class Settings:
    """Operator-wide reconcile settings."""

    shadow_url: str | None = None  # SCHEMAWRIGHT_SHADOW_URL; None: a scratch database on the target's server
    retry_delay_s: float = 30.0  # Secret missing, database unreachable, lock timeouts
    busy_delay_s: float = 15.0  # another apply holds the database's advisory lock
    progress_interval_s: float = 5.0  # live status patches during a long apply, at most this often
    overrides: GuardOverrides = field(default_factory=GuardOverrides)  # SQL guard (--allow, --allow-extension)


@dataclass(frozen=True)
class Failure:
    """Why a reconcile did not finish: permanent (fix the resource) or temporary (retry after ``delay_s``)."""

    reason: str
    message: str
    permanent: bool = False
    delay_s: float = 30.0
    remedy: str = RETRIES


@dataclass
class Result:
    """What to write when the handler returns: status fields, annotations, and a failure to raise."""

    status: dict[str, Any]
    annotations: dict[str, str] = field(default_factory=dict)
    failure: Failure | None = None


def unwritten(current: Mapping[str, Any], wanted: Mapping[str, Any]) -> dict[str, Any]:
    """The entries of ``wanted`` that ``current`` does not hold yet: what a merge patch still has to write (``None``
    for an absent key removes nothing, so it is no change)."""
    return {key: value for key, value in wanted.items() if current.get(key) != value}


@dataclass
class StatusBook:
    """The status being built: fields and the whole condition list, flushed live and at the end."""

    previous: dict[str, Any]
    generation: int | None
    fields: dict[str, Any] = field(default_factory=dict)
    conditions: list[dict[str, Any]] = field(default_factory=list)
    _flushed_at: float = 0.0

    def __post_init__(self) -> None:
        self.conditions = [dict(c) for c in self.previous.get("conditions") or []]

    def set(self, *updates: Condition) -> None:
        """Set conditions (lastTransitionTime kept where the status did not change)."""
        self.conditions = cond.merge(self.conditions, updates, generation=self.generation)

    def snapshot(self) -> dict[str, Any]:
        """The status patch: every field set so far, the whole condition list and the phase."""
        return {**self.fields, "conditions": self.conditions, "phase": cond.phase(self.conditions)}

    def flush(self, sink: Sink, *, every_s: float = 0.0) -> None:
        """Patch the status now (or skip when the last live patch is younger than ``every_s``)."""
        if every_s and time.monotonic() - self._flushed_at < every_s:
            return
        self._flushed_at = time.monotonic()
        sink.patch_status(self.snapshot())


def _plain(value: Any) -> Any:
    """Plain dicts and lists all the way down (kopf's bodies are mappings of their own kinds)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
