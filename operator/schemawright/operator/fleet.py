"""A ``DatabaseSchema`` with ``spec.database.secretSelector`` (every matching Secret is one target database) or
``spec.database.tenantSchemas`` (every matching schema of its one database is one target), rolled out as
``spec.rollout`` says. Resource → fleet engine → a bounded status. No kopf in here.

The status stays small with 10,000 targets: counts per phase, ``TARGETS`` = ready/total, at most
:data:`MAX_DETAILS` entries in ``targetDetails`` (only targets that are not ready), messages naming at most
:data:`MAX_NAMED` targets. Targets are named after their Secret; URLs never appear.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from schemawright import apply_fleet, apply_tenants, plan_fleet
from schemawright.errors import Problem, SpecError
from schemawright.fleet import (
    FleetTarget,
    RolloutEvent,
    RolloutPolicy,
    TargetResult,
    first_names,
    from_spec,
    matching_schemas,
    plan_changes,
    plan_tenants,
)
from schemawright.operator import annotations as notes
from schemawright.operator import conditions as cond
from schemawright.operator import metrics
from schemawright.operator.conditions import Condition
from schemawright.operator.fleetrecord import FleetRecords, after_rollout, fingerprints_status, still_unreachable
from schemawright.operator.kube import Kube, SecretUnavailable, redact, secret_key_value
from schemawright.operator.model import Failure, Resource, Result, Settings, Sink, StatusBook
from schemawright.operator.reconcile import _Run, classify, database_url, desired_of
from schemawright.spec import DesiredSchema

MAX_DETAILS = 50  # targetDetails entries (not-ready targets only)
MAX_NAMED = 3  # targets a condition message names
MAX_ERROR = 300  # characters of a target's lastError
MAX_FAILURE_EVENTS = 20  # TargetFailed events per reconcile (then one summary)
PHASES = ("ready", "applying", "waitingForApproval", "failed", "pending")


def selector_of(document: Mapping[str, Any]) -> dict[str, Any] | None:
    """``spec.database.secretSelector``, or None for a single database."""
    database = (document.get("spec") or {}).get("database") or {}
    selector = database.get("secretSelector")
    return dict(selector) if selector else None


def tenants_of(document: Mapping[str, Any]) -> dict[str, Any] | None:
    """``spec.database.tenantSchemas`` (a schema per tenant in one database), or None."""
    database = (document.get("spec") or {}).get("database") or {}
    tenants = database.get("tenantSchemas")
    return dict(tenants) if tenants else None


def is_fleet(resource: Resource) -> bool:
    """Whether the resource has many targets: databases selected by label, or tenant schemas."""
    return selector_of(resource.document) is not None or tenants_of(resource.document) is not None


def label_selector(selector: Mapping[str, Any]) -> str:
    """The selector as the API server's ``labelSelector`` query string."""
    parts = [f"{k}={v}" for k, v in sorted((selector.get("matchLabels") or {}).items())]
    for e in selector.get("matchExpressions") or []:
        values = ",".join(e.get("values") or [])
        parts.append(
            {
                "In": f"{e['key']} in ({values})",
                "NotIn": f"{e['key']} notin ({values})",
                "Exists": e["key"],
                "DoesNotExist": f"!{e['key']}",
            }[e["operator"]]
        )
    return ",".join(parts)


def matches(selector: Mapping[str, Any], labels: Mapping[str, str] | None) -> bool:
    """Whether ``labels`` satisfy the selector (checked here too: the API server's filtering is not relied on)."""
    labels = labels or {}
    if any(labels.get(k) != v for k, v in (selector.get("matchLabels") or {}).items()):
        return False
    for e in selector.get("matchExpressions") or []:
        key, values = e["key"], set(e.get("values") or [])
        ok = {
            "In": key in labels and labels[key] in values,
            "NotIn": labels.get(key) not in values,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }[e["operator"]]
        if not ok:
            return False
    return True


@dataclass
class Memberships:
    """Which Secrets each fleet resource had at its last reconcile: to report targets joining and leaving,
    and to know which resource a Secret's change concerns (in memory; a restart reconciles every resource)."""

    _fleets: dict[str, tuple[str, str, dict[str, Any] | None, frozenset[str]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def update(self, resource: Resource, names: Sequence[str]) -> tuple[list[str], list[str]] | None:
        """Record the members; the (joined, left) names since the last reconcile (None the first time)."""
        selector = selector_of(resource.document)  # None: tenant schemas, no Secret concerns them
        with self._lock:
            before = self._fleets.get(resource.uid)
            self._fleets[resource.uid] = (resource.namespace, resource.name, selector, frozenset(names))
        if before is None:
            return None
        return sorted(set(names) - before[3]), sorted(before[3] - set(names))

    def concerned(self, namespace: str, secret: str, labels: Mapping[str, str] | None, deleted: bool) -> list[str]:
        """The resources (names in ``namespace``) whose fleet a Secret joins or leaves by this change."""
        with self._lock:
            fleets = list(self._fleets.values())
        found = []
        for ns, name, selector, members in fleets:
            if selector is None or ns != namespace:
                continue
            wanted = not deleted and matches(selector, labels)
            if wanted != (secret in members):
                found.append(name)
        return found

    def forget(self, uid: str) -> None:
        """The resource was deleted."""
        with self._lock:
            self._fleets.pop(uid, None)


def fleet_targets(resource: Resource, kube: Kube) -> tuple[list[FleetTarget], dict[str, str]]:
    """The selected Secrets as targets (named after the Secret), and Secrets that hold no usable URL, with why."""
    selector = selector_of(resource.document) or {}
    key = ((resource.document.get("spec") or {}).get("database") or {}).get("secretKey", "url")
    targets: list[FleetTarget] = []
    broken: dict[str, str] = {}
    for secret in kube.secrets(resource.namespace, label_selector(selector)):
        name = str(secret.metadata.name)
        if not matches(selector, secret.metadata.labels):
            continue
        try:
            url = secret_key_value(secret, resource.namespace, key)
        except SecretUnavailable as exc:
            broken[name] = str(exc)
            continue
        if not url.startswith(("postgresql://", "postgres://")):
            broken[name] = f"Secret {resource.namespace}/{name} key {key!r} does not hold a postgresql:// URL"
            continue
        targets.append(FleetTarget(name, url))
    return targets, broken


class RolloutProgress:
    """Rollout events → Kubernetes events, live status counts, metrics (called from the rollout's threads)."""

    def __init__(
        self,
        resource: Resource,
        book: StatusBook,
        sink: Sink,
        settings: Settings,
        counts: Mapping[str, int],
        secrets: Sequence[str],
    ) -> None:
        self.resource, self.book, self.sink, self.settings = resource, book, sink, settings
        self.secrets = tuple(secrets)
        self.counts = dict.fromkeys(PHASES, 0) | dict(counts)  # the targets being rolled out start as pending
        self.failure_events = 0
        self.lock = threading.Lock()

    def __call__(self, event: RolloutEvent) -> None:
        with self.lock:
            if event.kind == "wave-start":
                self.sink.event(
                    "Normal",
                    "WaveStarted",
                    f"{event.wave} wave started: {len(event.targets)} target(s) "
                    f"({first_names(event.targets, MAX_NAMED)})",
                )
            elif event.kind == "wave-finish":
                self.sink.event(
                    "Normal",
                    "WaveFinished",
                    f"{event.wave} wave finished: " + ", ".join(f"{n} {p}" for p, n in self.counts.items() if n),
                )
            elif event.kind == "target-start":
                self._move("pending", "applying")
            elif event.kind == "target-done" and event.result is not None:
                self._done(event.result)
            else:
                return
            self.book.fields["targets"] = counts_status(self.counts)
            self.book.flush(self.sink, every_s=self.settings.progress_interval_s)

    def _move(self, old: str, new: str) -> None:
        self.counts[old] -= 1
        self.counts[new] += 1

    def _done(self, result: TargetResult) -> None:
        self._move("applying", result.phase)
        if result.started is not None and result.finished is not None:
            metrics.FLEET_APPLY_SECONDS.labels(self.resource.namespace, self.resource.name).observe(
                result.finished - result.started
            )
        if result.phase != "failed":
            return
        self.failure_events += 1
        if self.failure_events <= MAX_FAILURE_EVENTS:
            self.sink.event("Warning", "TargetFailed", redact(f"{result.name}: {result.error}", *self.secrets))
        elif self.failure_events == MAX_FAILURE_EVENTS + 1:
            self.sink.event("Warning", "TargetFailed", "more targets failed: see status.targetDetails")


def counts_status(counts: Mapping[str, int]) -> dict[str, Any]:
    """``status.targets``: the count per phase, the total, and ``summary`` (ready/total, the TARGETS column)."""
    total = sum(counts.values())
    return {"total": total, **{p: counts.get(p, 0) for p in PHASES}, "summary": f"{counts.get('ready', 0)}/{total}"}


def reconcile_fleet(
    resource: Resource,
    *,
    sink: Sink,
    kube: Kube,
    settings: Settings,
    trigger: str,
    memberships: Memberships,
    records: FleetRecords,
) -> Result:
    """Plan and (per ``spec.policy.mode``) roll out the desired state to every selected database; never raises
    for expected errors."""
    book = StatusBook(resource.status, resource.generation)
    run = _Run(resource, book, sink, settings, trigger, None)
    started = time.monotonic()
    failure: Failure | None = None
    secrets: list[str] = [settings.shadow_url or ""]
    try:
        desired = desired_of(resource, kube, settings, book)
        policy = from_spec((resource.document.get("spec") or {}).get("rollout"))
        tenants = tenants_of(resource.document)
        if tenants is not None and selector_of(resource.document) is not None:
            raise SpecError(
                resource.source,
                [
                    Problem(
                        "spec.database.tenantSchemas",
                        "tenantSchemas with secretSelector",
                        "tenantSchemas with connectionSecretRef: the tenant schemas of one database",
                    )
                ],
            )
        if tenants is not None:
            url = database_url(resource, desired, kube)
            secrets.append(url)
            targets = [
                FleetTarget(schema, url)
                for schema in matching_schemas(url, tenants.get("pattern"), tenants.get("names") or [])
            ]
            broken: dict[str, str] = {}
        else:
            targets, broken = fleet_targets(resource, kube)
        secrets += [t.url for t in targets]
        _report_membership(sink, memberships.update(resource, [t.name for t in targets] + list(broken)))
        if not targets and not broken:
            book.fields["targets"] = counts_status({})
            book.set(
                Condition(
                    cond.READY,
                    False,
                    "NoTargets",
                    "no schema matches spec.database.tenantSchemas; one that appears joins at the next reconcile"
                    if tenants is not None
                    else "no Secret in this namespace matches spec.database.secretSelector; a matching Secret "
                    "joins the fleet when it appears",
                ),
                Condition(cond.RECONCILING, False, "NoTargets", "waiting for a matching Secret"),
                Condition(cond.STALLED, False, "Valid", "the document is valid"),
            )
            records.remember(resource.uid, [])
            result_word = "notargets"
        else:
            shadow = settings.shadow_url or targets[0].url if targets else ""
            book.set(
                Condition(cond.RECONCILING, True, "Applying", f"rolling out to {len(targets)} target(s)"),
                Condition(cond.STALLED, False, "Valid", "the document is valid"),
            )
            progress = RolloutProgress(resource, book, sink, settings, {"pending": len(targets)}, secrets)
            results, stopped = roll_out_to(
                desired,
                targets,
                tenants=tenants is not None,
                shadow=shadow,
                policy=policy,
                approve=notes.approval(resource.annotations),
                listener=progress,
            )
            results += [TargetResult(name, "failed", error=why) for name, why in broken.items()]
            records.remember(resource.uid, results)
            failure = finish_status(resource, book, settings, results, stopped, desired.policy.mode, secrets)
            drift, drifted = after_rollout(resource.status, results)
            if drift is not None:
                book.fields["drift"] = drift
            book.set(drifted)
            book.fields.update(still_unreachable(resource.status, results))
            result_word = "failed" if failure else "applied"
        book.fields["lastError"] = None if failure is None else book.fields.get("lastError")
    except Exception as exc:  # every failure becomes conditions; kopf gets a permanent or temporary error
        failure = classify(exc, settings, None)
        failure = replace(failure, message=redact(failure.message, *secrets))
        result_word = "invalid" if failure.permanent else "retry"
        run.failed(failure, exc, None)
    metrics.DURATION.labels(resource.namespace, resource.name).observe(time.monotonic() - started)
    metrics.RECONCILES.labels(resource.namespace, resource.name, trigger, result_word).inc()
    book.fields["observedGeneration"] = resource.generation
    return Result(book.snapshot(), {}, failure)


def roll_out_to(
    desired: DesiredSchema,
    targets: list[FleetTarget],
    *,
    tenants: bool,
    shadow: str,
    policy: RolloutPolicy,
    approve: str | None,
    listener: RolloutProgress,
) -> tuple[list[TargetResult], str | None]:
    """Plan (mode PlanOnly) or roll out the desired state to ``targets`` (the fleet, or the targets that drifted):
    their results, and why the rollout stopped (None: it did not)."""
    if not targets:
        return [], None
    if desired.policy.mode == "PlanOnly":
        if tenants:
            return plan_tenants(desired, targets[0].url, [t.name for t in targets], shadow), None
        return _planned(desired, targets, shadow, policy), None
    names = [t.name for t in targets]
    rollout = (
        apply_tenants(desired, targets[0].url, names, shadow, policy, approve=approve, listener=listener)
        if tenants
        else apply_fleet(desired, targets, shadow, policy, approve=approve, listener=listener)
    )
    return rollout.results, rollout.stopped


def _planned(
    desired: DesiredSchema, targets: list[FleetTarget], shadow: str, policy: RolloutPolicy
) -> list[TargetResult]:
    """Mode PlanOnly: each target's plan, nothing applied (an empty plan is ready); the live schema it was
    planned from is where the drift timer compares."""
    planned = plan_fleet(desired, targets, shadow, policy)
    results = [
        TargetResult(
            name,
            "ready" if g.plan.is_empty else "pending",
            plan_hash=g.plan.hash,
            fingerprint=g.plan.fingerprint,
            changes=plan_changes(g.plan),
        )
        for g in planned.groups
        for name in g.targets
    ]
    return results + [TargetResult(name, "failed", error=why) for name, why in planned.failed.items()]


def _report_membership(sink: Sink, change: tuple[list[str], list[str]] | None) -> None:
    if change is None:
        return
    joined, left = change
    if joined:
        sink.event("Normal", "TargetsJoined", f"{len(joined)} target(s) joined the fleet: {first_names(joined)}")
    if left:
        sink.event(
            "Normal",
            "TargetsLeft",
            f"{len(left)} target(s) left the fleet (never changed by it again): {first_names(left)}",
        )


def finish_status(
    resource: Resource,
    book: StatusBook,
    settings: Settings,
    results: list[TargetResult],
    stopped: str | None,
    mode: str,
    secrets: Sequence[str],
) -> Failure | None:
    """The bounded status of a rollout; a temporary failure when targets failed (kopf retries with backoff)."""
    counts = {p: sum(1 for r in results if r.phase == p) for p in PHASES}
    book.fields["targets"] = counts_status(counts)
    not_ready = [r for r in results if r.phase != "ready"]
    book.fields["targetDetails"] = [
        {
            "name": r.name,
            "phase": r.phase,
            "planHash": r.plan_hash,
            "lastError": redact(r.error, *secrets)[:MAX_ERROR] if r.error else None,
        }
        for r in not_ready[:MAX_DETAILS]
    ]
    book.fields["targetDetailsOmitted"] = max(0, len(not_ready) - MAX_DETAILS)
    plans: dict[str, int] = {}
    for r in results:
        if r.plan_hash:
            plans[r.plan_hash] = plans.get(r.plan_hash, 0) + 1
    book.fields["plans"] = [{"hash": h, "targets": n} for h, n in sorted(plans.items(), key=lambda i: -i[1])[:10]]
    book.fields["fingerprints"] = fingerprints_status(results)
    total, failed = len(results), [r.name for r in results if r.phase == "failed"]
    waiting = [r for r in results if r.phase == "waitingForApproval"]
    for phase, count in counts.items():
        metrics.FLEET_TARGETS.labels(resource.namespace, resource.name, phase).set(count)
    if failed:
        message = redact(
            f"{len(failed)} of {total} target(s) failed: {first_names(failed, MAX_NAMED)}"
            + (f"; {stopped}" if stopped else ""),
            *secrets,
        )
        book.set(
            Condition(cond.READY, False, "TargetsFailed", message),
            Condition(cond.RECONCILING, True, "TargetsFailed", message + " (retrying with backoff)"),
            Condition(cond.STALLED, False, "Retrying", "the operator retries with backoff"),
            Condition(
                cond.APPROVAL_REQUIRED,
                bool(waiting),
                "AwaitingApproval" if waiting else "NotRequired",
                targets_awaiting_message(resource, waiting) if waiting else "no step waits for approval",
            ),
        )
        book.fields["lastError"] = {
            "reason": "TargetsFailed",
            "message": message,
            "remedy": "Fix the named targets (status.targetDetails has each one's error); "
            "the operator retries and the rollout resumes.",
            "time": cond.now(),
        }
        return Failure("TargetsFailed", message, delay_s=settings.retry_delay_s)
    if mode == "PlanOnly" and counts["pending"]:
        message = f"mode PlanOnly: {counts['pending']} of {total} target(s) have a plan; nothing is applied"
        book.set(
            Condition(cond.READY, False, "PlanOnly", message), Condition(cond.RECONCILING, False, "PlanOnly", message)
        )
        return None
    if waiting:
        message = targets_awaiting_message(resource, waiting)
        book.set(
            Condition(
                cond.READY,
                False,
                "AwaitingApproval",
                f"{len(waiting)} of {total} target(s) wait for "
                f"approval: {first_names([r.name for r in waiting], MAX_NAMED)}",
            ),
            Condition(cond.RECONCILING, False, "AwaitingApproval", "contract steps wait for approval"),
            Condition(cond.APPROVAL_REQUIRED, True, "AwaitingApproval", message),
        )
        return None
    book.set(
        Condition(cond.READY, True, "Applied", f"all {total} target(s) match the desired state"),
        Condition(cond.RECONCILING, False, "Succeeded", f"rolled out to {total} target(s)"),
        Condition(cond.APPROVAL_REQUIRED, False, "NotRequired", "no step waits for approval"),
        Condition(cond.PLAN_READY, True, "PlanComputed", f"{len(plans) or 1} distinct plan(s)"),
    )
    return None


def targets_awaiting_message(resource: Resource, waiting: Sequence[TargetResult]) -> str:
    """The plans that wait, how many targets each, and the ``kubectl annotate`` approving the most common."""
    by_hash: dict[str, list[str]] = {}
    for r in waiting:
        by_hash.setdefault(r.plan_hash or "?", []).append(r.name)
    ranked = sorted(by_hash.items(), key=lambda item: -len(item[1]))
    lines = [f"plan {h}: {len(names)} target(s) wait ({first_names(names, MAX_NAMED)})" for h, names in ranked[:5]]
    command = notes.annotate_command(resource.name, resource.namespace, notes.APPROVE, ranked[0][0])
    lines.append(f"Approve a plan on every target that has it: {command}")
    return "\n".join(lines)
