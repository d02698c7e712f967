"""What the operator remembers of each fleet target between reconciles, and the drift part of a fleet's status.

The record — each target's last result and the fingerprint schemawright left its live schema at — is kept in
memory, as the fleet's membership is: the status must stay small with 10,000 targets, so it holds only the
most common fingerprints (``status.fingerprints``) and the targets that drifted (``status.drift``). After a
restart the resume reconcile (kopf runs one for every resource before its drift timer checks anything) plans
every target again, which fills the record. No kopf in here.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from schemawright.fleet import Moved, TargetResult, first_names
from schemawright.operator import conditions as cond
from schemawright.operator.conditions import Condition

MAX_DRIFTED = 50  # status.drift.targets entries
MAX_NAMED = 3  # targets the Drifted message names
RESOLVED = ("ready", "left")  # a drifted target in these phases needs nothing more


@dataclass(frozen=True)
class TargetRecord:
    """One target's last result, and where schemawright left its live schema (None: not known)."""

    result: TargetResult
    expected: str | None


@dataclass
class FleetRecords:
    """Per fleet resource (by uid), each target's record, in rollout order."""

    _fleets: dict[str, dict[str, TargetRecord]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def remember(self, uid: str, results: Sequence[TargetResult], *, partial: bool = False) -> list[TargetResult]:
        """Record a rollout's results; every target's latest result. A full rollout (``partial`` False) replaces
        the record: a target that failed or was not started has no known fingerprint (the rollout's retries
        handle it, and it is not drift-checked meanwhile). A partial one (the drift timer putting targets back)
        updates its targets only, and one it could not put back keeps its expected fingerprint, so the next
        check finds it again."""
        with self._lock:
            before = self._fleets.get(uid, {})
            after = dict(before) if partial else {}
            for result in results:
                old = before.get(result.name)
                expected = result.fingerprint or (old.expected if partial and old is not None else None)
                after[result.name] = TargetRecord(result, expected)
            self._fleets[uid] = after
            return [record.result for record in after.values()]

    def expected(self, uid: str) -> dict[str, str]:
        """The targets whose live fingerprint is known, and that fingerprint."""
        with self._lock:
            return {name: r.expected for name, r in self._fleets.get(uid, {}).items() if r.expected}

    def results(self, uid: str) -> list[TargetResult]:
        """Every target's latest result."""
        with self._lock:
            return [r.result for r in self._fleets.get(uid, {}).values()]

    def known(self, uid: str) -> bool:
        """Whether a rollout of this resource was recorded by this process."""
        with self._lock:
            return uid in self._fleets

    def forget(self, uid: str) -> None:
        """The resource was deleted."""
        with self._lock:
            self._fleets.pop(uid, None)


def fingerprints_status(results: Sequence[TargetResult], top: int = 10) -> list[dict[str, Any]]:
    """``status.fingerprints``: the live fingerprints the targets were left at (the ``top`` most common) and how
    many targets each; one entry when every target has the same schema."""
    counts: dict[str, int] = {}
    for r in results:
        if r.fingerprint:
            counts[r.fingerprint] = counts.get(r.fingerprint, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
    return [{"fingerprint": fingerprint, "targets": n} for fingerprint, n in ranked]


def still_unreachable(status: Mapping[str, Any], results: Sequence[TargetResult]) -> dict[str, Any]:
    """After a full rollout: ``status.unreachableTargets`` (the drift timer's) without the targets it reached."""
    entries = status.get("unreachableTargets")
    if not entries:
        return {}
    reached = {r.name for r in results if r.fingerprint}
    return {"unreachableTargets": [e for e in entries if e.get("name") not in reached] or None}


def drift_status(drifted: Mapping[str, Moved], detected_at: str) -> dict[str, Any]:
    """``status.drift`` of a fleet: when, and each drifted target (at most :data:`MAX_DRIFTED`, by name) with its
    live and expected fingerprints; ``phase``, ``planHash`` and ``changes`` follow once it was reconciled."""
    names = sorted(drifted)
    return {
        "detectedAt": detected_at,
        "targets": [
            {
                "name": name,
                "liveFingerprint": drifted[name].live,
                "expectedFingerprint": drifted[name].expected,
                "phase": "applying",
            }
            for name in names[:MAX_DRIFTED]
        ],
        "targetsOmitted": max(0, len(names) - MAX_DRIFTED),
    }


def with_outcomes(drift: Mapping[str, Any], results: Mapping[str, TargetResult], *, full: bool) -> dict[str, Any]:
    """``drift`` with each named target's phase, plan and changes after a reconcile. ``full``: every target of the
    fleet was in it, so one missing has left the fleet."""
    entries = []
    for entry in drift.get("targets") or []:
        result = results.get(entry["name"])
        if result is None:
            entries.append({**entry, "phase": "left"} if full else dict(entry))
            continue
        if entry.get("changes") and not result.changes:  # put back earlier; this reconcile found nothing to do
            entries.append({**entry, "phase": result.phase})
            continue
        entries.append({**entry, "phase": result.phase, "planHash": result.plan_hash, "changes": list(result.changes)})
    return {**drift, "targets": entries}


def after_rollout(
    status: Mapping[str, Any], results: Sequence[TargetResult]
) -> tuple[dict[str, Any] | None, Condition]:
    """After a full rollout: a drift the timer found and could not put back yet (``Drifted=True``) is settled by it
    (the rollout planned every target again), with each drifted target's outcome; the new ``status.drift`` (None:
    unchanged) and ``Drifted``. A closed drift stays as it was reported."""
    previous = cond.get(status.get("conditions"), cond.DRIFTED)
    drift = status.get("drift")
    if (
        previous is not None
        and previous.get("status") == "True"
        and isinstance(drift, Mapping)
        and _is_fleet_drift(drift)
    ):
        settled = with_outcomes(drift, {r.name: r for r in results}, full=True)
        return settled, drifted_condition(settled, all_ready=all(r.phase == "ready" for r in results))
    if previous is None or previous.get("status") == "True":
        return None, Condition(cond.DRIFTED, False, "InSync", "no change outside schemawright is pending")
    return None, Condition(cond.DRIFTED, False, str(previous.get("reason")), str(previous.get("message")))


def drifted_condition(drift: Mapping[str, Any], *, all_ready: bool) -> Condition:
    """``Drifted`` of a fleet from ``status.drift``: True while a drifted target is not put back (each named with
    its phase and what its plan does), False once each one is (``DriftCorrected``, naming what was put back;
    ``InSync`` when each matched again with nothing to do). ``all_ready``: every target of the fleet is ready
    (what decides for drifted targets beyond the status's cap)."""
    entries = list(drift.get("targets") or [])
    omitted = int(drift.get("targetsOmitted") or 0)
    still = [e for e in entries if e.get("phase") not in RESOLVED]
    if still or (omitted and not all_ready):
        total = len(still) + (0 if all_ready else omitted)
        return Condition(
            cond.DRIFTED,
            True,
            "DriftDetected",
            f"{total} target(s) changed outside schemawright, not put back yet: {_named(still, total)}",
        )
    put_back = [e for e in entries if e.get("changes")]
    if put_back:
        return Condition(
            cond.DRIFTED,
            False,
            "DriftCorrected",
            f"{len(put_back) + omitted} target(s) changed outside schemawright and put back: "
            f"{_named(put_back, len(put_back) + omitted)}",
        )
    names = first_names([e["name"] for e in entries], MAX_NAMED) + (f" and {omitted} more" if omitted else "")
    return Condition(
        cond.DRIFTED, False, "InSync", f"{names}: changed outside schemawright, and match the desired state again"
    )


def _is_fleet_drift(drift: Mapping[str, Any]) -> bool:
    """Whether ``status.drift`` is a fleet's (a resource that was one database has the other shape)."""
    return isinstance(drift.get("targets"), list)


def _named(entries: Sequence[Mapping[str, Any]], total: int) -> str:
    shown = entries[:MAX_NAMED]
    more = total - len(shown)
    return "; ".join(_described(e) for e in shown) + (f"; and {more} more (status.drift)" if more > 0 else "")


def _described(entry: Mapping[str, Any]) -> str:
    """``tenant-03 (waitingForApproval, plan abc: contract: ALTER TABLE DROP COLUMN public.accounts)``."""
    phase = entry.get("phase") or "applying"
    if not entry.get("planHash"):
        return (
            f"{entry['name']} ({phase}: fingerprint {entry['liveFingerprint']}, left at {entry['expectedFingerprint']})"
        )
    changes = list(entry.get("changes") or [])
    what = ", ".join(changes[:2]) + (f" and {len(changes) - 2} more" if len(changes) > 2 else "")
    return f"{entry['name']} ({phase}, plan {entry['planHash']}" + (f": {what})" if what else ")")
