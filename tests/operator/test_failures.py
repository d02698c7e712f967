"""What kubectl shows when the operator cannot do its job: an invalid document (Stalled, no retry loop),
a missing or wrong Secret, an unreachable database, another applier, a step blocked by a lock."""

from __future__ import annotations

import asyncio

import psycopg
import pytest
from _cluster import Kubectl, wait_for
from _docs import shop
from _target import PASSWORD, Target

from schemawright.execute.locks import ADVISORY_CLASS

pytestmark = pytest.mark.asyncio


async def test_invalid_spec_stalls_naming_the_field_then_recovers(operator: Kubectl, target: Target) -> None:
    kubectl = operator
    await kubectl.create_secret("shop-db", {"url": target.url})
    bad = shop([{"name": "score", "type": "integer", "default": "1); DROP TABLE users; --"}])
    await kubectl.apply(bad)  # valid for the CRD schema; only the semantic checks catch it
    await wait_for("Stalled=True", lambda: kubectl.status_of("shop", "Stalled") == "True")
    stalled = kubectl.condition("shop", "Stalled")
    assert stalled["reason"] == "InvalidSpec"
    assert "spec.tables[0].columns[2].default" in stalled["message"]
    obj = kubectl.get("shop") or {}
    status = obj["status"]
    assert status["phase"] == "Stalled"
    assert status["observedGeneration"] == 1
    assert kubectl.status_of("shop", "Ready") == "False" and kubectl.status_of("shop", "Reconciling") == "False"
    assert "Fix the fields" in status["lastError"]["remedy"]
    assert "users" not in target.tables()
    await asyncio.sleep(1.5)  # several retry delays: a permanent error is not retried
    assert kubectl.reasons("shop").count("InvalidSpec") == 1

    await kubectl.apply(shop())
    await wait_for("Ready=True after the fix", lambda: kubectl.status_of("shop", "Ready") == "True")
    assert kubectl.status_of("shop", "Stalled") == "False"
    assert "lastError" not in (kubectl.get("shop") or {})["status"]  # cleared by the successful reconcile
    assert {"users", "orders"} <= target.tables()


async def test_a_forbidden_statement_is_reported_as_sql_not_allowed(operator: Kubectl, target: Target) -> None:
    kubectl = operator
    await kubectl.create_secret("shop-db", {"url": target.url})
    document = shop()
    document["spec"]["sql"] = "CREATE TABLE notes (id int);\nCOPY notes FROM '/etc/passwd';\n"
    await kubectl.apply(document)
    await wait_for("Stalled=True", lambda: kubectl.status_of("shop", "Stalled") == "True")
    assert kubectl.condition("shop", "Stalled")["reason"] == "SQLNotAllowed"
    # The event says the same reason as the condition (it used to say InvalidSpec for every permanent failure).
    await wait_for("a SQLNotAllowed event", lambda: "SQLNotAllowed" in kubectl.reasons("shop"))
    assert "InvalidSpec" not in kubectl.reasons("shop")
    event = next(e for e in kubectl.events("shop") if e.get("reason") == "SQLNotAllowed")
    assert "statement 2 (line 2, column 1)" in event["message"] and "COPY" in event["message"]
    status = (kubectl.get("shop") or {})["status"]
    assert status["lastError"]["reason"] == "SQLNotAllowed" and "sql-allow-list" in status["lastError"]["remedy"]
    assert "notes" not in target.tables() and "users" not in target.tables()


async def test_secret_missing_then_wrong_then_right(operator: Kubectl, target: Target) -> None:
    kubectl = operator
    await kubectl.apply(shop())
    await wait_for(
        "Reconciling=True (SecretNotFound)",
        lambda: kubectl.condition("shop", "Reconciling").get("reason") == "SecretNotFound",
    )
    reconciling = kubectl.condition("shop", "Reconciling")
    assert reconciling["status"] == "True" and "Secret shop/shop-db not found" in reconciling["message"]
    assert kubectl.status_of("shop", "Ready") == "False"
    assert kubectl.status_of("shop", "Stalled") == "False"
    status = (kubectl.get("shop") or {})["status"]
    assert status["phase"] == "Retrying"
    assert "Create the Secret" in status["lastError"]["remedy"]

    await kubectl.create_secret("shop-db", {"url": "hunter2-is-not-a-url"})
    await wait_for("SecretInvalid", lambda: kubectl.condition("shop", "Reconciling").get("reason") == "SecretInvalid")
    assert "hunter2" not in kubectl.everything_written()

    await kubectl.replace_secret("shop-db", {"url": target.url})
    await wait_for("Ready=True once the Secret is right", lambda: kubectl.status_of("shop", "Ready") == "True")
    assert kubectl.status_of("shop", "Reconciling") == "False"
    assert {"users", "orders"} <= target.tables()


async def test_unreachable_database_is_retried_with_the_reason(operator: Kubectl, target: Target) -> None:
    kubectl = operator
    nowhere = f"postgresql://sw_operator:{PASSWORD}@/nowhere?host=/nonexistent-schemawright-socket-dir"
    await kubectl.create_secret("shop-db", {"url": nowhere})
    await kubectl.apply(shop())
    await wait_for(
        "DatabaseUnavailable", lambda: kubectl.condition("shop", "Reconciling").get("reason") == "DatabaseUnavailable"
    )
    message = kubectl.condition("shop", "Reconciling")["message"]
    assert "sw_operator:***@" in message and "retrying" in message
    await wait_for("a few retries", lambda: kubectl.reasons("shop").count("DatabaseUnavailable") >= 2)
    assert nowhere not in kubectl.everything_written()


async def test_another_applier_holds_the_database(operator: Kubectl, target: Target) -> None:
    kubectl = operator
    await kubectl.create_secret("shop-db", {"url": target.url})
    with psycopg.connect(target.admin_url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s, hashtext(current_database()))", (ADVISORY_CLASS,))
        await kubectl.apply(shop())
        await wait_for(
            "AnotherApplyRunning",
            lambda: kubectl.condition("shop", "Reconciling").get("reason") == "AnotherApplyRunning",
        )
        assert kubectl.status_of("shop", "Reconciling") == "True"
        assert "users" not in target.tables()
    await wait_for("Ready=True once the other applier is gone", lambda: kubectl.status_of("shop", "Ready") == "True")


async def test_step_blocked_by_a_lock_names_the_blocker(operator: Kubectl, target: Target) -> None:
    kubectl = operator
    await kubectl.create_secret("shop-db", {"url": target.url})
    policy = {"lockTimeout": "50ms", "lockRetryTimeout": "600ms"}
    await kubectl.apply(shop(**policy))
    await wait_for("Ready=True", lambda: kubectl.status_of("shop", "Ready") == "True")
    with psycopg.connect(target.admin_url) as blocker:  # an open transaction that read users
        blocker.execute("SET application_name = 'reporting-job'")
        blocker.execute("SELECT count(*) FROM users")
        await kubectl.apply(shop([{"name": "nickname", "type": "text"}], **policy))
        await wait_for("LockTimeout", lambda: kubectl.condition("shop", "Reconciling").get("reason") == "LockTimeout")
        blocked = [e for e in kubectl.events("shop") if e["reason"] == "LockBlocked"]
        assert blocked and blocked[0]["type"] == "Warning"
        assert "reporting-job" in blocked[0]["message"] and "AccessShareLock" in blocked[0]["message"]
        assert "reporting-job" in kubectl.condition("shop", "Reconciling")["message"]
        # The blocking session's query text may carry application data: never in events or status.
        assert not any("count(*)" in e["message"] for e in kubectl.events("shop"))
        assert "count(*)" not in kubectl.condition("shop", "Reconciling")["message"]
        assert "nickname" not in target.columns("users")
        blocker.rollback()
    await wait_for(
        "Ready=True once the lock is gone",
        lambda: (
            kubectl.status_of("shop", "Ready") == "True"
            and (kubectl.get("shop") or {})["status"]["observedGeneration"] == 2
        ),
    )
    assert "nickname" in target.columns("users")
