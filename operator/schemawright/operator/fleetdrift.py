"""The drift timer of a fleet: every target's live fingerprint against where schemawright left it; the targets
that moved are reported (an event each, ``status.drift``, ``Drifted``, the metric) and reconciled, those alone,
as a single database would be. No kopf in here.

An unchanged fleet costs one fingerprint query per target (and the Secret list), nothing else. A target that
cannot be read is reported in ``status.unreachableTargets`` (not as drift) and the others are checked all the
same. Targets that joined since the last rollout are not checked (the Secret watch asked for the reconcile that
rolls out to them); those that left are never looked at again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from schemawright.fleet import FleetDrift, FleetTarget, TargetResult, check_targets, from_spec
from schemawright.operator import annotations as notes
from schemawright.operator import conditions as cond
from schemawright.operator import metrics
from schemawright.operator.conditions import Condition
from schemawright.operator.fleet import (
    MAX_DETAILS,
    MAX_ERROR,
    MAX_FAILURE_EVENTS,
    PHASES,
    RolloutProgress,
    finish_status,
    fleet_targets,
    roll_out_to,
    tenants_of,
)
from schemawright.operator.fleetrecord import FleetRecords, drift_status, drifted_condition, with_outcomes
from schemawright.operator.kube import Kube, redact
from schemawright.operator.model import Failure, Resource, Result, Settings, Sink, StatusBook
from schemawright.operator.reconcile import _Run, classify, database_url, desired_of, drift_finding, load_desired
from schemawright.spec import DesiredSchema

log = logging.getLogger("schemawright.operator")


def fleet_drift_checkable(resource: Resource, records: FleetRecords) -> bool:
    """Whether this process rolled the fleet out (so it knows where each target was left), for the resource's
    current generation, and the resource is not stalled."""
    status = resource.status
    return (
        records.known(resource.uid)
        and status.get("observedGeneration") == resource.generation
        and not cond.is_true(status.get("conditions"), cond.STALLED)
    )


def check_fleet_drift(
    resource: Resource, *, sink: Sink, kube: Kube, settings: Settings, records: FleetRecords
) -> Result | None:
    """The drift timer's check of a fleet; the status to write (None when the check could not run: the
    reconciles report why)."""
    expected = records.expected(resource.uid)
    try:
        desired = load_desired(resource, settings.overrides)
        targets, schemas_of = _current_targets(resource, desired, kube, expected)
        policy = from_spec((resource.document.get("spec") or {}).get("rollout"))
    except Exception as exc:  # a bad document, a Secret that cannot be listed: the timer tries again later
        log.info("drift check of %s skipped: %s", resource.source, redact(str(exc), settings.shadow_url))
        return None
    checked = [t for t in targets if t.name in expected]
    metrics.DRIFT_CHECKS.labels(resource.namespace, resource.name).inc(len(checked))
    found = check_targets(checked, expected, schemas_of, policy.max_parallel)
    secrets = [settings.shadow_url or "", *(t.url for t in targets)]
    book = StatusBook(resource.status, resource.generation)
    _note_unreachable(resource, book, sink, found.unreadable, secrets)
    if not found.drifted:
        return Result(dict(book.fields))  # written only when the unreachable targets changed
    drifted = [t for t in checked if t.name in found.drifted]
    return _put_back(resource, book, sink, kube, settings, records, drifted, found, secrets)


def _current_targets(
    resource: Resource, desired: DesiredSchema, kube: Kube, expected: Mapping[str, str]
) -> tuple[list[FleetTarget], Callable[[FleetTarget], tuple[str, ...]]]:
    """The fleet's targets now, and the schemas each one's fingerprint covers. Tenant schemas are the recorded
    ones (listing the database's schemas would be one more query per tick)."""
    if tenants_of(resource.document) is not None:
        url = database_url(resource, desired, kube)
        return [FleetTarget(name, url) for name in expected], lambda target: (target.name,)
    targets, _broken = fleet_targets(resource, kube)  # a broken Secret is a failed target already
    return targets, lambda _target: desired.schemas


def _note_unreachable(
    resource: Resource, book: StatusBook, sink: Sink, unreadable: Mapping[str, str], secrets: Sequence[str]
) -> None:
    """``status.unreachableTargets`` (at most :data:`MAX_DETAILS`, with why and since when), and an event for
    each target that became unreachable."""
    before = {str(e.get("name")): e for e in resource.status.get("unreachableTargets") or [] if isinstance(e, Mapping)}
    names = sorted(unreadable)
    now = cond.now()
    entries = [
        {
            "name": name,
            "error": redact(unreadable[name], *secrets)[:MAX_ERROR],
            "since": (before.get(name) or {}).get("since") or now,
        }
        for name in names[:MAX_DETAILS]
    ]
    for entry in [e for e in entries if e["name"] not in before][:MAX_FAILURE_EVENTS]:
        sink.event(
            "Warning",
            "TargetUnreachable",
            f"{entry['name']}: its drift could not be checked (not counted as drift; checked again at the next "
            f"drift check): {entry['error']}",
        )
    book.fields["unreachableTargets"] = entries or None
    book.fields["unreachableTargetsOmitted"] = max(0, len(names) - MAX_DETAILS) or None


def _put_back(
    resource: Resource,
    book: StatusBook,
    sink: Sink,
    kube: Kube,
    settings: Settings,
    records: FleetRecords,
    drifted: list[FleetTarget],
    found: FleetDrift,
    secrets: Sequence[str],
) -> Result:
    """Report the drifted targets at once, then reconcile them alone (mode, approval and rollout policy as for
    the whole fleet) and write the fleet's status with their outcome."""
    metrics.DRIFT.labels(resource.namespace, resource.name).inc(len(found.drifted))
    _announce(sink, found)
    drift = drift_status(found.drifted, cond.now())
    book.fields["drift"] = drift
    book.set(
        drifted_condition(drift, all_ready=False),
        Condition(cond.RECONCILING, True, "Applying", f"putting back {len(drifted)} drifted target(s)"),
    )
    book.flush(sink)
    run = _Run(resource, book, sink, settings, "drift", None)
    started = time.monotonic()
    failure: Failure | None = None
    try:
        desired = desired_of(resource, kube, settings, book)
        counts = _counts(records.results(resource.uid), {t.name for t in drifted})
        results, stopped = roll_out_to(
            desired,
            drifted,
            tenants=tenants_of(resource.document) is not None,
            shadow=settings.shadow_url or drifted[0].url,
            policy=from_spec((resource.document.get("spec") or {}).get("rollout")),
            approve=notes.approval(resource.annotations),
            listener=RolloutProgress(resource, book, sink, settings, counts, secrets),
        )
        merged = records.remember(resource.uid, results, partial=True)
        failure = finish_status(resource, book, settings, merged, stopped, desired.policy.mode, secrets)
        book.fields["lastError"] = None if failure is None else book.fields.get("lastError")
        drift = with_outcomes(drift, {r.name: r for r in results}, full=False)
        book.fields["drift"] = drift
        book.set(drifted_condition(drift, all_ready=all(r.phase == "ready" for r in merged)))
        result_word = "failed" if failure else "applied"
    except Exception as exc:  # every failure becomes conditions, as in a reconcile
        failure = classify(exc, settings, None)
        failure = replace(failure, message=redact(failure.message, *secrets))
        result_word = "invalid" if failure.permanent else "retry"
        run.failed(failure, exc, None)
    metrics.DURATION.labels(resource.namespace, resource.name).observe(time.monotonic() - started)
    metrics.RECONCILES.labels(resource.namespace, resource.name, "drift", result_word).inc()
    book.fields["observedGeneration"] = resource.generation
    return Result(book.snapshot(), {}, failure)


def _announce(sink: Sink, found: FleetDrift) -> None:
    """A ``DriftDetected`` event per drifted target (at most :data:`MAX_FAILURE_EVENTS`, then one summary)."""
    names = sorted(found.drifted)
    for name in names[:MAX_FAILURE_EVENTS]:
        moved = found.drifted[name]
        sink.event("Warning", "DriftDetected", f"{name}: {drift_finding(moved.live, moved.expected)}")
    if len(names) > MAX_FAILURE_EVENTS:
        sink.event(
            "Warning", "DriftDetected", f"{len(names) - MAX_FAILURE_EVENTS} more target(s) drifted: see status.drift"
        )


def _counts(results: Sequence[TargetResult], rolling: set[str]) -> dict[str, int]:
    """Targets per phase while ``rolling`` are rolled out again (they start as pending)."""
    counts = dict.fromkeys(PHASES, 0)
    for r in results:
        counts["pending" if r.name in rolling else r.phase] += 1
    return counts
