"""The pure parts of the executor: the contract gate and the retry backoff."""

from __future__ import annotations

import random

import pytest

from schemawright.classify.hazards import Hazard
from schemawright.errors import ApprovalMismatch
from schemawright.execute.gate import decide
from schemawright.execute.retry import Backoff
from schemawright.plan import PhaseName, Step
from schemawright.plan.model import assemble


def step(phase: PhaseName, *hazards: Hazard, sql: str = "SELECT 1;") -> Step:
    return Step(sql=sql, phase=phase, reason="test", kind="TEST", hazards=hazards)


EXPAND = step(PhaseName.EXPAND, sql="ALTER TABLE t ADD COLUMN b int;")
DROP = step(PhaseName.CONTRACT, Hazard.DELETES_DATA, Hazard.BREAKS_CLIENTS, sql="ALTER TABLE t DROP COLUMN a;")
REWRITE = step(PhaseName.CONTRACT, Hazard.TABLE_REWRITE, sql="ALTER TABLE t ALTER COLUMN c TYPE bigint;")


def test_contract_waits_for_approval() -> None:
    plan = assemble("sha256:x", [EXPAND, DROP])
    gate = decide(plan)
    assert not gate.run_contract and gate.reason == "approval"
    assert f"waiting for approval of plan {plan.hash}" in (gate.message or "")
    assert "renamedFrom: a" in (gate.message or "")


def test_wrong_hash_is_refused() -> None:
    with pytest.raises(ApprovalMismatch, match="refused"):
        decide(assemble("sha256:x", [DROP]), approve="feedface")


def test_breaking_contract_never_runs_with_its_expand() -> None:
    plan = assemble("sha256:x", [EXPAND, DROP])
    assert decide(plan, approve=plan.hash).reason == "switch"
    assert decide(plan, allow_destructive=True).reason == "switch"
    # Resumed after the expand ran: now it may.
    assert decide(plan, start_at=2, approve=plan.hash).run_contract


def test_an_approved_rewrite_may_run_with_its_expand() -> None:
    plan = assemble("sha256:x", [EXPAND, REWRITE])
    assert decide(plan, approve=plan.hash).run_contract


def test_backoff_grows_with_jitter_and_respects_its_budget() -> None:
    delays = list(Backoff(budget_s=60).delays(random.Random(7)))
    assert 5 <= len(delays) <= 20
    assert sum(delays) <= 60
    assert all(0.125 <= d <= 8.0 for d in delays)
    assert delays[-1] > delays[0]
    assert list(Backoff(budget_s=0).delays()) == []
