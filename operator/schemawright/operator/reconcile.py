"""One reconcile of a ``DatabaseSchema`` resource: resource → engine → status. No kopf in here.

The kopf handlers (:mod:`schemawright.operator.handlers`) turn a kopf body into a :class:`Resource`,
call :func:`reconcile` (or, from the drift timer, :func:`check_drift`) in kopf's handler thread, write the
returned status and annotations, and raise kopf's permanent/temporary errors from :class:`Failure`. While a
long apply runs, progress goes out through a :class:`Sink` (events, live status and annotation patches).
"""

from __future__ import annotations

import contextlib
import logging
import time
import traceback
from dataclasses import replace
from typing import Any

import schemawright
from schemawright import Event, GuardOverrides, PhaseName, Plan
from schemawright.errors import (
    INTERNAL_ERROR,
    AnotherApplyRunning,
    ApprovalMismatch,
    DatabaseError,
    DatabaseUnreachable,
    FailureKind,
    GuardError,
    LockTimeoutExhausted,
    PlanError,
    Problem,
    ShadowBuildError,
    ShadowUnavailable,
    SpecError,
    failure_kind,
    reworded,
)
from schemawright.operator import annotations as notes
from schemawright.operator import conditions as cond
from schemawright.operator import metrics, sqlfrom
from schemawright.operator.conditions import Condition
from schemawright.operator.kube import KINDS as SECRET_KINDS
from schemawright.operator.kube import Kube, SecretUnavailable, redact
from schemawright.operator.messages import approval_message, column_of, plan_summary, summary_line, switch_message
from schemawright.operator.model import Failure, Resource, Result, Settings, Sink, StatusBook
from schemawright.spec import DesiredSchema, from_document

log = logging.getLogger("schemawright.operator")


def load_desired(resource: Resource, overrides: GuardOverrides | None = None) -> DesiredSchema:
    """The validated desired state (with the platform's guard overrides); :class:`SpecError` naming every bad
    path otherwise."""
    desired = from_document(resource.document, resource.source, overrides=overrides)
    if not desired.database.secret_name and not (resource.document["spec"].get("database") or {}).get("secretSelector"):
        raise SpecError(
            resource.source,
            [
                Problem(
                    "spec.database.connectionSecretRef",
                    "nothing",
                    "the Secret in this namespace that holds the database URL: {name: <secret>, key: url} (or "
                    "spec.database.secretSelector for a fleet)",
                )
            ],
        )
    return desired


def desired_of(resource: Resource, kube: Kube, settings: Settings, book: StatusBook) -> DesiredSchema:
    """The validated document with the SQL of ``spec.sqlFrom`` joined (its digest noted in the status)."""
    desired = load_desired(resource, settings.overrides)
    refs = sqlfrom.references(resource.document)
    if refs:
        sql, digest = sqlfrom.read(resource.namespace, refs, kube)
        book.fields["sqlFromDigest"] = digest  # what this run used, so the timer reconciles on a change
        desired = sqlfrom.with_sql_from(desired, sql)
    return desired


def database_url(resource: Resource, desired: DesiredSchema, kube: Kube) -> str:
    """The database URL from the Secret named by ``spec.database.connectionSecretRef``."""
    name, key = desired.database.secret_name or "", desired.database.secret_key
    value = kube.secret_value(resource.namespace, name, key)
    if not value.startswith(("postgresql://", "postgres://")):
        raise SecretUnavailable(
            f"Secret {resource.namespace}/{name} key {key!r} does not hold a postgresql:// URL "
            "(the value is not shown)",
            "SecretInvalid",
        )
    return value


def reconcile(
    resource: Resource, *, sink: Sink, kube: Kube, settings: Settings, trigger: str, drift: str | None = None
) -> Result:
    """Plan and (per ``spec.policy.mode``) apply the resource's desired state; never raises for expected errors.

    ``drift`` is the drift finding that triggered this reconcile (``Drifted`` stays True unless it is put right).
    """
    book = StatusBook(resource.status, resource.generation)
    run = _Run(resource, book, sink, settings, trigger, drift)
    started = time.monotonic()
    url: str | None = None
    failure: Failure | None = None
    try:
        desired = desired_of(resource, kube, settings, book)
        url = database_url(resource, desired, kube)
        result_word = run.execute(desired, url)
        book.fields["lastError"] = None
    except Exception as exc:  # every failure becomes conditions; kopf gets a permanent or temporary error
        failure = classify(exc, settings, url)
        result_word = "invalid" if failure.permanent else "retry"
        run.failed(failure, exc, url)
    metrics.DURATION.labels(resource.namespace, resource.name).observe(time.monotonic() - started)
    metrics.RECONCILES.labels(resource.namespace, resource.name, trigger, result_word).inc()
    # observedGeneration only with the outcome: live patches during the run must not claim this generation done
    book.fields["observedGeneration"] = resource.generation
    return Result(book.snapshot(), run.annotations, failure)


def live_fingerprint(
    resource: Resource, kube: Kube, overrides: GuardOverrides | None = None, *, expected: str = ""
) -> str:
    """The fingerprint of the live schema (the managed schemas only; one catalog query), in the scheme of
    ``expected`` (a status written by an earlier release holds a full-inspection fingerprint)."""
    desired = load_desired(resource, overrides)
    return _inspect_fingerprint(database_url(resource, desired, kube), desired, expected)


def drift_finding(live: str, expected: str) -> str:
    """The ``Drifted`` message: the live schema moved away from where schemawright last left it."""
    return f"the live schema was changed outside schemawright (fingerprint {live}, last left at {expected})"


def drift_checkable(resource: Resource) -> bool:
    """Whether the status says where the last reconcile of this generation left the live schema (and the
    resource is not stalled): only then does a different live fingerprint mean drift."""
    status = resource.status
    return (
        bool(status.get("lastAppliedFingerprint"))
        and status.get("observedGeneration") == resource.generation
        and not cond.is_true(status.get("conditions"), cond.STALLED)
    )


def check_drift(resource: Resource, *, sink: Sink, kube: Kube, settings: Settings) -> Result | None:
    """The drift timer's check: the live schema's fingerprint against where the last reconcile left it; on
    drift, report it (event, ``status.drift``, ``Drifted``) and reconcile, which puts it back or waits for
    approval. None when nothing moved, or when the check could not run (the reconciles report why)."""
    expected = resource.status["lastAppliedFingerprint"]
    metrics.DRIFT_CHECKS.labels(resource.namespace, resource.name).inc()
    try:
        live = live_fingerprint(resource, kube, settings.overrides, expected=expected)
    except Exception as exc:  # a bad document or an unreachable database: the timer tries again later
        log.info("drift check of %s skipped: %s", resource.source, redact(str(exc), settings.shadow_url))
        return None
    if live == expected:
        return None
    book = StatusBook(resource.status, resource.generation)
    finding = _drift_found(resource, book, sink, live, expected)
    book.set(Condition(cond.DRIFTED, True, "DriftDetected", finding))
    book.flush(sink)
    resource = replace(resource, status={**resource.status, **book.snapshot()})
    result = reconcile(resource, sink=sink, kube=kube, settings=settings, trigger="drift", drift=finding)
    result.status["drift"] = book.fields["drift"]
    return result


def _drift_found(resource: Resource, book: StatusBook, sink: Sink, live: str, expected: str) -> str:
    """Count and announce drift, note it in ``status.drift``; the finding (the ``Drifted`` message)."""
    metrics.DRIFT.labels(resource.namespace, resource.name).inc()
    finding = drift_finding(live, expected)
    book.fields["drift"] = {"detectedAt": cond.now(), "liveFingerprint": live, "expectedFingerprint": expected}
    sink.event("Warning", "DriftDetected", finding)
    return finding


def _inspect_fingerprint(url: str, desired: DesiredSchema, expected: str = "") -> str:
    try:
        return schemawright.live_fingerprint(url, desired.schemas, expected)
    except DatabaseError as exc:
        raise reworded(exc, redact(str(exc), url)) from None


def classify(exc: BaseException, settings: Settings, url: str | None) -> Failure:
    """The failure to report for an error: its type's reason and remedy, and whether retrying can help."""
    kind = failure_kind(exc)
    message = redact(str(exc), url)
    if kind is INTERNAL_ERROR:
        message = f"{type(exc).__name__}: {message}"
    # Another applier is working on the database: worth trying again sooner than after a real failure.
    delay = settings.busy_delay_s if isinstance(exc, AnotherApplyRunning) else settings.retry_delay_s
    return Failure(kind.reason, message, permanent=not kind.retryable, delay_s=delay, remedy=kind.remedy)


# Every failure kind the operator reports by its own reason (docs/troubleshooting.md lists each).
REPORTED: tuple[FailureKind, ...] = (
    SpecError.failure_kind,
    GuardError.failure_kind,
    ShadowBuildError.failure_kind,
    PlanError.failure_kind,
    *SECRET_KINDS,
    AnotherApplyRunning.failure_kind,
    LockTimeoutExhausted.failure_kind,
    DatabaseUnreachable.failure_kind,
    ShadowUnavailable.failure_kind,
    DatabaseError.failure_kind,
    INTERNAL_ERROR,
)


class _Run:
    """The state of one reconcile: the status book, what was announced, phase tracking."""

    def __init__(
        self, resource: Resource, book: StatusBook, sink: Sink, settings: Settings, trigger: str, drift: str | None
    ) -> None:
        self.resource, self.book, self.sink, self.settings = resource, book, sink, settings
        self.trigger, self.drift = trigger, drift
        self.annotations: dict[str, str] = {}
        self.phase: PhaseName | None = None
        self.steps_run = 0
        self.lock_events = 0
        self.desired: DesiredSchema | None = None
        self.plans: list[str] = []  # hashes of the non-empty plans this reconcile ran (a resume may run two)
        self.backfill_step: int | None = None  # the step whose backfill progress was last reported
        self.notice: tuple[str, str | None] | None = None  # (url, expected fingerprint) until drift was looked for

    # -- the happy path ------------------------------------------------------------------------------------
    def execute(self, desired: DesiredSchema, url: str) -> str:
        self.desired = desired
        shadow = self.settings.shadow_url or url
        self.book.set(
            Condition(cond.RECONCILING, True, "Planning", "computing the plan"),
            Condition(cond.STALLED, False, "Valid", "the document is valid"),
        )
        if cond.is_true(self.book.conditions, cond.BACKFILLING):  # its process died mid-backfill (or its run failed)
            self.book.set(
                Condition(
                    cond.BACKFILLING,
                    False,
                    "Interrupted",
                    "the last run stopped mid-backfill; the backfill resumes from its committed key",
                )
            )
        if desired.policy.mode == "PlanOnly":
            try:
                plan = schemawright.make_plan(desired, url, shadow).plan
            except DatabaseError as exc:
                raise reworded(exc, redact(str(exc), url, shadow)) from None
            self.on_plan(plan, 1)
            self.book.fields["lastAppliedFingerprint"] = plan.fingerprint  # the live schema it was planned from
            self._finish_plan_only(plan)
            return "planned"
        # Drift is noticed from the fingerprint the plan was computed from (on_plan): a no-op reconcile then reads
        # the live schema once. Only an apply that stops before any plan reads it on its own.
        self.notice = (url, self._drift_expected())
        try:
            outcome = self._apply(desired, url, shadow)
        except Exception:
            if self.notice is not None:
                with contextlib.suppress(Exception):  # the apply's own error is the one to report
                    self._notice_drift(desired, None)
            raise
        final = outcome.final
        self._phase_done()
        # The engine read the live schema where the apply stopped; read it here only if it could not.
        self.book.fields["lastAppliedFingerprint"] = final.live_fingerprint or _inspect_fingerprint(url, desired)
        if final.report.complete:
            self._finish_complete(final.plan)
            return "applied" if self.steps_run else "uptodate"
        self._finish_waiting(final)
        return "waiting"

    def _drift_expected(self) -> str | None:
        """Where the last reconcile left the live schema, when that one ended cleanly (so its fingerprint is what
        it really left) and no drift is known yet: a live schema elsewhere is drift."""
        status, expected = self.resource.status, self.resource.status.get("lastAppliedFingerprint")
        if (
            self.drift
            or not expected
            or status.get("lastError")
            or cond.is_true(status.get("conditions"), cond.RECONCILING)
        ):
            return None
        return str(expected)

    def _notice_drift(self, desired: DesiredSchema, plan: Plan | None) -> None:
        """Whatever triggered this reconcile: a live schema that moved since the last reconcile left it is drift,
        reported as the timer does. ``plan``: a fresh plan (its fingerprint is the live schema it was computed
        from, before any step ran); without one, or in another fingerprint scheme, the live schema is read."""
        assert self.notice is not None
        url, expected = self.notice
        self.notice = None
        if expected is None:
            return
        same_scheme = plan is not None and plan.fingerprint.partition(":")[0] == expected.partition(":")[0]
        live = plan.fingerprint if plan is not None and same_scheme else _inspect_fingerprint(url, desired, expected)
        if live != expected:
            self.drift = _drift_found(self.resource, self.book, self.sink, live, expected)

    def _apply(self, desired: DesiredSchema, url: str, shadow: str) -> schemawright.ApplyOutcome:
        approved = notes.approval(self.resource.annotations)
        reported = (self.resource.status.get("plan") or {}).get("hash")
        approve = approved if approved and approved == reported else None  # a stale approval approves nothing
        try:
            return schemawright.apply(
                desired, url, shadow, approve=approve, on_event=self.on_event, on_plan=self.on_plan
            )
        except ApprovalMismatch:
            # The plan changed since the person approved it (the live schema moved): plan again, unapproved.
            return schemawright.apply(desired, url, shadow, approve=None, on_event=self.on_event, on_plan=self.on_plan)
        except DatabaseError as exc:
            if isinstance(exc, LockTimeoutExhausted):
                self._lock_blocked(None, exc.blockers, final=True)
                first = str(exc).splitlines()[0]
                who = "; ".join(b.summary for b in exc.blockers) or "no session holds it any more"
                raise LockTimeoutExhausted(
                    redact(
                        f"{first} Held by: {who}. Let those transactions finish (or end them), the operator retries.",
                        url,
                        shadow,
                    ),
                    exc.blockers,
                ) from None
            raise reworded(exc, redact(str(exc), url, shadow)) from None

    def on_plan(self, plan: Plan, start_at: int) -> None:
        """The engine computed (or resumed) a plan: annotations first, then the conditions naming it."""
        assert self.desired is not None
        if self.notice is not None:  # a resumed plan was computed before its crash: not the live schema now
            self._notice_drift(self.desired, plan if start_at == 1 else None)
        if plan.steps:  # the annotations keep the last plan that does something (an empty plan decides nothing)
            self.plans.append(plan.hash)
            self.annotations = notes.plan_annotations(plan, self.desired)
            self.sink.patch_annotations(self.annotations)
        self.book.fields["plan"] = plan_summary(plan, self.resource.status.get("plan"))
        applying = bool(plan.steps) and self._applies()
        self.book.set(
            Condition(cond.PLAN_READY, True, "PlanComputed", summary_line(plan)),
            Condition(
                cond.RECONCILING,
                True,
                "Applying" if applying else "Planning",
                f"applying plan {plan.hash}" if applying else f"plan {plan.hash} computed",
            ),
        )
        if applying:
            self.book.set(
                Condition(cond.READY, False, "Applying", f"applying plan {plan.hash} ({len(plan.steps)} step(s))")
            )
        if plan.steps:
            # Only a plan that does something is worth a live patch: an empty one ends this run at once, and a
            # patch from it would carry this replica's older view of Ready back over another replica's result.
            self.book.flush(self.sink)
            resumed = f" (resuming at step {start_at} of {len(plan.steps)})" if start_at > 1 else ""
            self.sink.event("Normal", "PlanComputed", summary_line(plan) + resumed)

    def on_event(self, event: Event) -> None:
        """Progress from the executor: phase events, lock blockers, backfill progress."""
        step = event.step
        if event.kind == "step-start" and step.phase != self.phase:
            self._phase_done()
            self.phase = step.phase
            self.sink.event("Normal", "PhaseStarted", f"phase {step.phase} started (step {event.index})")
        elif event.kind in {"step-done", "step-skipped"}:
            self.steps_run += 1
            metrics.STEPS.labels(self.resource.namespace, self.resource.name, str(step.phase)).inc()
            if step.backfill is not None:
                self.book.set(Condition(cond.BACKFILLING, False, "BackfillDone", f"{column_of(step)} filled"))
                self.book.flush(self.sink)
        elif event.kind == "lock-retry":
            self._lock_blocked(event, event.blockers)
        elif event.kind == "backfill":
            self._backfill(event)

    def _phase_done(self) -> None:
        if self.phase is not None:
            self.sink.event("Normal", "PhaseFinished", f"phase {self.phase} finished")
            self.phase = None

    def _lock_blocked(self, event: Event | None, blockers: Any, *, final: bool = False) -> None:
        self.lock_events += 1
        if not final and self.lock_events > 1 and self.lock_events % 5:
            return  # the first retry of a step, then every fifth, so events stay readable
        # Summaries only: the blocking session's query text may carry application data.
        who = "; ".join(b.summary for b in list(blockers)[:3]) or "unknown sessions"
        where = f"step {event.index} ({event.step.table or event.step.kind})" if event else "a step"
        retry = f", retry {event.attempt} in {event.delay_s:.1f}s" if event else ", retries exhausted"
        self.sink.event("Warning", "LockBlocked", redact(f"{where} is blocked by a lock{retry}: {who}"))

    def _backfill(self, event: Event) -> None:
        step = event.step
        percent = f" ({100 * event.done // event.total}%)" if event.total else ""
        eta = f", about {event.eta_s:.0f}s left" if event.eta_s is not None else ""
        self.book.fields["backfill"] = {
            "step": event.index,
            "column": column_of(step),
            "done": event.done,
            "total": event.total,
            "rowsPerSecond": round(event.rate, 1),
            "updatedAt": cond.now(),
            "etaSeconds": round(event.eta_s) if event.eta_s is not None else None,
        }
        self.book.set(
            Condition(
                cond.BACKFILLING,
                True,
                "Backfilling",
                f"{column_of(step)}: {event.done}/{event.total} rows{percent}, {event.rate:.0f} rows/s{eta}",
            )
        )
        # A backfill's first report goes out at once (a resumed one starts at its committed key), then paced.
        first = self.backfill_step != event.index
        self.backfill_step = event.index
        self.book.flush(self.sink, every_s=0.0 if first else self.settings.progress_interval_s)

    def _applies(self) -> bool:
        return self.desired is not None and self.desired.policy.mode == "Apply"

    # -- endings -------------------------------------------------------------------------------------------
    def _finish_complete(self, plan: Plan) -> None:
        ran = ", ".join(self.plans) or plan.hash
        applied = f"applied plan {ran} ({self.steps_run} step(s))" if self.steps_run else "nothing to do"
        self.book.set(
            Condition(
                cond.READY,
                True,
                "Applied" if self.steps_run else "UpToDate",
                f"the live schema matches the desired state: {applied}",
            ),
            Condition(cond.RECONCILING, False, "Succeeded", applied),
            Condition(cond.STALLED, False, "Valid", "the document is valid"),
            Condition(cond.APPROVAL_REQUIRED, False, "NotRequired", "no step waits for approval"),
            Condition(cond.BACKFILLING, False, "NoBackfill", "no backfill is running"),
            self._drift_condition(resolved=True, plan=plan),
        )
        if self.steps_run:
            self.book.fields["lastApplied"] = {"planHash": ran, "steps": self.steps_run, "time": cond.now()}
            self.sink.event("Normal", "Applied", f"{applied}; the live schema matches the desired state")

    def _finish_waiting(self, outcome: schemawright.ApplyOutcome) -> None:
        plan, gate = outcome.plan, outcome.gate
        waiting = outcome.report.waiting
        switch = gate.reason == "switch"
        message = switch_message(plan, self.resource) if switch else approval_message(plan, waiting, self.resource)
        reason = "WaitingForSwitch" if switch else "AwaitingApproval"
        self.book.set(
            Condition(cond.READY, False, reason, f"plan {plan.hash}: {len(waiting)} contract step(s) wait"),
            Condition(cond.RECONCILING, False, reason, f"plan {plan.hash} stopped before its contract phase"),
            Condition(cond.STALLED, False, "Valid", "the document is valid"),
            Condition(cond.APPROVAL_REQUIRED, True, reason, message),
            Condition(cond.BACKFILLING, False, "NoBackfill", "no backfill is running"),
            self._drift_condition(resolved=False, plan=plan),
        )
        if self.steps_run:
            self.book.fields["lastApplied"] = {"planHash": plan.hash, "steps": self.steps_run, "time": cond.now()}
        self.sink.event("Warning", "ApprovalRequired", message)

    def _finish_plan_only(self, plan: Plan) -> None:
        if plan.is_empty:
            self._finish_complete(plan)
            return
        message = (
            f"mode PlanOnly: plan {plan.hash} has {len(plan.steps)} step(s); nothing is applied "
            "(set spec.policy.mode: Apply to apply it)"
        )
        self.book.set(
            Condition(cond.READY, False, "PlanOnly", message),
            Condition(cond.RECONCILING, False, "PlanOnly", message),
            Condition(cond.STALLED, False, "Valid", "the document is valid"),
            Condition(cond.APPROVAL_REQUIRED, False, "PlanOnly", "nothing is applied in mode PlanOnly"),
            Condition(cond.BACKFILLING, False, "NoBackfill", "no backfill is running"),
            self._drift_condition(resolved=False, plan=plan),
        )

    def _drift_condition(self, *, resolved: bool, plan: Plan) -> Condition:
        if self.drift and resolved:
            if self.steps_run:
                return Condition(
                    cond.DRIFTED,
                    False,
                    "DriftCorrected",
                    f"{self.drift}; plan {', '.join(self.plans) or plan.hash} put it back",
                )
            return Condition(
                cond.DRIFTED, False, "InSync", f"{self.drift}; it matches the desired state again, nothing to do"
            )
        if self.drift:
            return Condition(
                cond.DRIFTED,
                True,
                "DriftDetected",
                f"{self.drift}; plan {plan.hash} puts it back and waits (see ApprovalRequired/Ready)",
            )
        previous = cond.get(self.book.conditions, cond.DRIFTED)
        if resolved or previous is None:
            return Condition(cond.DRIFTED, False, "InSync", "no change outside schemawright is pending")
        return Condition(
            cond.DRIFTED,
            previous.get("status") == "True",
            str(previous.get("reason", "")),
            str(previous.get("message", "")),
        )

    def failed(self, failure: Failure, exc: BaseException, url: str | None) -> None:
        """Record a failure: Stalled for what only a fix of the resource can help, Reconciling otherwise."""
        self._phase_done()
        self.book.fields["lastError"] = {
            "reason": failure.reason,
            "message": failure.message,
            "remedy": failure.remedy,
            "time": cond.now(),
        }
        if failure.permanent:
            self.book.set(
                Condition(cond.READY, False, failure.reason, failure.message),
                Condition(cond.STALLED, True, failure.reason, failure.message),
                Condition(cond.RECONCILING, False, failure.reason, "stopped: the resource must be fixed"),
                Condition(cond.BACKFILLING, False, "NoBackfill", "no backfill is running"),
            )
            # Only a fix of the document helps: it stopped before a plan existed (guard, shadow build, planner).
            self.book.set(Condition(cond.PLAN_READY, False, failure.reason, "no plan: " + failure.message))
            self.sink.event("Warning", failure.reason, failure.message)
            return
        retry = f"{failure.message} (retrying in {failure.delay_s:.0f}s)"
        if failure.reason != "AnotherApplyRunning":  # Ready is the running applier's to say (replicas: no flap)
            self.book.set(Condition(cond.READY, False, failure.reason, failure.message))
        self.book.set(
            Condition(cond.RECONCILING, True, failure.reason, retry),
            Condition(cond.STALLED, False, "Retrying", "the operator retries with backoff"),
            Condition(
                cond.BACKFILLING,
                False,
                "Interrupted" if self._was_backfilling() else "NoBackfill",
                "no backfill is running",
            ),
        )
        if failure.reason == "InternalError":
            log.error(
                "reconcile of %s failed: %s",
                self.resource.source,
                redact("".join(traceback.format_exception(exc)), url),
            )
        self.sink.event("Warning", failure.reason, retry)

    def _was_backfilling(self) -> bool:
        return cond.is_true(self.book.conditions, cond.BACKFILLING)
