"""A plan carries the document's execution policy: the plan file keeps its camelCase ``execution`` keys, and a
saved plan runs with the timeouts it was planned with (the runner's defaults for what it does not say)."""

from __future__ import annotations

import json

from schemawright.engine import execution_of, options_for, options_from
from schemawright.execute.runner import Options
from schemawright.plan import Phase, PhaseName, Plan
from schemawright.plan.model import ExecutionPolicy
from schemawright.spec import from_document

DOCUMENT = {
    "apiVersion": "schemawright.io/v1alpha1",
    "kind": "DatabaseSchema",
    "metadata": {"name": "shop"},
    "spec": {
        "tables": [{"name": "users", "columns": [{"name": "id", "type": "bigint"}]}],
        "policy": {"lockTimeout": "750ms", "lockRetryTimeout": "2m", "backfillPause": "250ms"},
    },
}


def _plan(execution: ExecutionPolicy) -> Plan:
    return Plan(fingerprint="sha256:a", phases=tuple(Phase(p, ()) for p in PhaseName), execution=execution)


def test_the_plan_file_names_the_documents_timeouts_in_camel_case() -> None:
    desired = from_document(DOCUMENT, "shop.yaml")
    written = _plan(execution_of(desired)).to_dict()["execution"]
    assert written == {
        "lockTimeoutMs": 750,
        "statementTimeoutMs": desired.policy.statement_timeout_ms,
        "longStatementTimeoutMs": desired.policy.long_statement_timeout_ms,
        "lockRetryTimeoutMs": 120_000,
        "backfillPauseMs": 250,
    }
    assert list(written) == [
        "lockTimeoutMs",
        "statementTimeoutMs",
        "longStatementTimeoutMs",
        "lockRetryTimeoutMs",
        "backfillPauseMs",
    ]
    options = options_for(desired)
    assert (options.lock_timeout_ms, options.lock_retry_timeout_ms, options.backfill_pause_s) == (750, 120_000, 0.25)


def test_a_saved_plan_reads_back_the_same_and_runs_with_defaults_for_what_it_does_not_say() -> None:
    text = json.dumps(_plan(ExecutionPolicy(lock_timeout_ms=500)).to_dict(), sort_keys=True)
    again = Plan.from_dict(json.loads(text))
    assert json.dumps(again.to_dict(), sort_keys=True) == text  # byte for byte
    assert again.execution == ExecutionPolicy(lock_timeout_ms=500)
    options, defaults = options_from(again.execution), Options()
    assert options.lock_timeout_ms == 500
    assert options.lock_retry_timeout_ms == defaults.lock_retry_timeout_ms and options.backfill_pause_s == 0
    assert _plan(ExecutionPolicy()).to_dict()["execution"] == {}  # a plan made without a document says nothing
