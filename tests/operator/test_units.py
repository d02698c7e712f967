"""The operator's pure parts: conditions, redaction, annotations, error classification."""

from __future__ import annotations

from schemawright.errors import (
    AnotherApplyRunning,
    DatabaseError,
    DatabaseUnreachable,
    GuardError,
    LockTimeoutExhausted,
    Problem,
    ShadowUnavailable,
    SpecError,
    reworded,
)
from schemawright.operator import conditions as cond
from schemawright.operator.annotations import ADR, MAX_ADR_BYTES, adr_text, approval, plan_annotations
from schemawright.operator.conditions import Condition
from schemawright.operator.handlers import drift_interval, relevant
from schemawright.operator.kube import SecretUnavailable, redact
from schemawright.operator.model import Resource, Settings
from schemawright.operator.reconcile import classify
from schemawright.plan import Phase, PhaseName, Plan, Step
from schemawright.spec import from_document

URL = "postgresql://app:s3cr3t-pw@db.example:5432/shop?sslmode=require"


def body(**spec: object) -> dict[str, object]:
    return {
        "apiVersion": "schemawright.io/v1alpha1",
        "kind": "DatabaseSchema",
        "metadata": {
            "name": "shop",
            "namespace": "shop",
            "uid": "u1",
            "generation": 3,
            "annotations": {"schemawright.io/approve": " abc "},
            "managedFields": [{}],
        },
        "spec": {"database": {"connectionSecretRef": {"name": "db"}}, **spec},
        "status": {"phase": "Ready"},
    }


def test_conditions_keep_transition_time_while_status_is_unchanged() -> None:
    first = cond.merge(None, [Condition(cond.READY, True, "Applied", "a")], generation=1, at="T1")
    second = cond.merge(
        first,
        [Condition(cond.READY, True, "UpToDate", "b"), Condition(cond.DRIFTED, False, "InSync")],
        generation=2,
        at="T2",
    )
    ready = cond.get(second, cond.READY)
    assert ready == {
        "type": "Ready",
        "status": "True",
        "reason": "UpToDate",
        "message": "b",
        "lastTransitionTime": "T1",
        "observedGeneration": 2,
    }
    third = cond.merge(second, [Condition(cond.READY, False, "Applying", "c")], generation=2, at="T3")
    assert cond.get(third, cond.READY)["lastTransitionTime"] == "T3"
    assert [c["type"] for c in third] == ["Ready", "Drifted"]  # whole list, fixed order


def test_a_condition_back_where_it_started_did_not_transition_unless_someone_saw_it() -> None:
    before = cond.merge(None, [Condition(cond.RECONCILING, False, "Succeeded", "a")], generation=1, at="T1")
    running = cond.merge(before, [Condition(cond.RECONCILING, True, "Planning", "b")], generation=1, at="T2")
    done = cond.merge(running, [Condition(cond.RECONCILING, False, "Succeeded", "c")], generation=1, at="T3")
    assert cond.get(done, cond.RECONCILING)["lastTransitionTime"] == "T3"  # as written had the run been watched
    assert cond.get(cond.settled(before, done), cond.RECONCILING)["lastTransitionTime"] == "T1"
    assert cond.get(cond.settled(running, done), cond.RECONCILING)["lastTransitionTime"] == "T3"


def test_phase_follows_the_conditions() -> None:
    def phase(*updates: Condition) -> str:
        return cond.phase(cond.merge(None, updates, generation=1))

    assert phase(Condition(cond.READY, True, "Applied")) == "Ready"
    assert phase(Condition(cond.READY, False, "X"), Condition(cond.STALLED, True, "InvalidSpec")) == "Stalled"
    assert phase(Condition(cond.RECONCILING, True, "SecretNotFound")) == "Retrying"
    assert phase(Condition(cond.RECONCILING, True, "Applying")) == "Reconciling"
    assert phase(Condition(cond.APPROVAL_REQUIRED, True, "WaitingForSwitch")) == "WaitingForSwitch"
    assert phase(Condition(cond.READY, False, "PlanOnly")) == "PlanOnly"


def test_redact_hides_urls_and_passwords() -> None:
    text = f"cannot connect to {URL}: password authentication failed for s3cr3t-pw; see {URL}"
    out = redact(text, URL)
    assert "s3cr3t-pw" not in out and "postgresql://app:***@db.example:5432/shop" in out
    assert redact("password=abc&x=1") == "password=***&x=1"


def test_resource_from_a_kopf_body() -> None:
    resource = Resource.from_body(body())
    assert resource.generation == 3 and resource.uid == "u1" and resource.source == "databaseschema shop/shop"
    assert set(resource.document["metadata"]) == {"name", "namespace", "annotations"}
    assert approval(resource.annotations) == "abc"
    assert from_document(resource.document, resource.source).database.secret_name == "db"


def test_only_spec_and_the_people_annotations_trigger_a_reconcile() -> None:
    base = body()
    other = body()
    other["metadata"]["annotations"] = {"schemawright.io/approve": " abc ", "schemawright.io/plan-hash": "x"}  # type: ignore[index]
    assert relevant(base) == relevant(other)
    other["metadata"]["annotations"]["schemawright.io/reconcile"] = "1"  # type: ignore[index]
    assert relevant(base) != relevant(other)


def test_drift_interval() -> None:
    assert drift_interval(Resource.from_body(body())) == 300
    assert drift_interval(Resource.from_body(body(policy={"driftCheckInterval": "1m30s"}))) == 90
    assert drift_interval(Resource.from_body(body(policy={"driftCheckInterval": "0s"}))) == 0
    assert drift_interval(Resource.from_body(body(policy={"driftCheckInterval": "soon"}))) == 0


def test_failures_are_classified_permanent_or_temporary() -> None:
    settings = Settings(retry_delay_s=7, busy_delay_s=3)
    spec = classify(SpecError("x", [Problem("spec.tables[0].name", "'a b'", "a name")]), settings, None)
    assert spec.permanent and spec.reason == "InvalidSpec" and "spec.tables[0].name" in spec.message
    assert "Fix the fields" in spec.remedy
    guard = classify(GuardError("doc.yaml", 1, 1, 1, "DO block", "runs arbitrary code"), settings, None)
    assert guard.permanent and guard.reason == "SQLNotAllowed"
    missing = classify(SecretUnavailable("Secret shop/db not found"), settings, None)
    assert not missing.permanent and missing.reason == "SecretNotFound" and missing.delay_s == 7
    assert "Create the Secret" in missing.remedy
    busy = classify(AnotherApplyRunning("busy"), settings, None)
    assert busy.reason == "AnotherApplyRunning" and busy.delay_s == 3
    down = classify(DatabaseUnreachable(f"cannot connect to {URL}: refused"), settings, URL)
    assert down.reason == "DatabaseUnavailable" and "s3cr3t" not in down.message and not down.permanent
    shadow = classify(ShadowUnavailable("cannot create a shadow database: permission denied"), settings, None)
    assert shadow.reason == "ShadowUnavailable" and "CREATEDB" in shadow.remedy
    # The type decides, not the wording: a step's failure that mentions connecting is still a step's failure.
    assert classify(DatabaseError("cannot connect the dots: step 3 failed"), settings, None).reason == "DatabaseError"
    assert classify(RuntimeError("bug"), settings, None).reason == "InternalError"


def test_a_redacted_failure_keeps_its_type_and_fields() -> None:
    blocked = LockTimeoutExhausted(f"step 2 waited on {URL}", [])
    redacted = reworded(blocked, redact(str(blocked), URL))
    assert isinstance(redacted, LockTimeoutExhausted) and redacted.blockers == []
    assert "s3cr3t" not in str(redacted) and "step 2 waited" in str(redacted)


def test_annotations_are_bounded() -> None:
    steps = tuple(
        Step(
            sql=f"CREATE INDEX CONCURRENTLY i{n} ON t (c{n})",
            phase=PhaseName.EXPAND,
            reason="r" * 200,
            kind="create-index",
        )
        for n in range(200)
    )
    plan = Plan(
        fingerprint="sha256:a", phases=tuple(Phase(p, steps if p is PhaseName.EXPAND else ()) for p in PhaseName)
    )
    desired = from_document(Resource.from_body(body()).document, "x")
    text = adr_text(plan, desired)
    assert plan.hash in text and len(text.encode()) <= MAX_ADR_BYTES
    assert text.splitlines()[-1].endswith("more line(s) in the full ADR")
    assert plan_annotations(plan, desired)[ADR] == text
