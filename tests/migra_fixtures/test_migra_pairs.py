"""migra's own fixture pairs (tests/FIXTURES/<case>/{a,b}.sql in its repository, see NOTICE.md), applied
the way a new user would: the live database is built from ``a.sql``, ``b.sql`` is the desired ``.sql``
document, and ``apply`` runs with destructive steps allowed, again while contract steps wait for the next
apply (the switch rule). Afterwards migra sees no difference and a second plan is empty.

The pairs are migra's, not ours, and are not committed (NOTICE.md): ``python scripts/migra_fixtures.py
--git-dir <migra's git directory>`` writes them to ``tests/migra_fixtures/data/``; ``SCHEMAWRIGHT_MIGRA_FIXTURES``
or a ``migra_fixtures/`` folder in the shared folder beside the checkout may hold them instead. Without them
the test is skipped, saying so.

``tests/migra_fixtures/<case>/xfail.txt`` (ours; one line: the failure class and the error) makes a case a
strict xfail. A pair whose SQL does not load on this PostgreSQL (``collations``: no ICU in the embedded
build) is skipped with PostgreSQL's error.

Some pairs need a guard rule waived, the way a platform would with ``--allow RULE`` (``PLATFORM_ALLOWS``):
``everything`` and ``privileges`` declare a SECURITY DEFINER function without ``SET search_path``. Without the
override the guard refuses them, naming the rule (``test_migra_pair_refused_without_platform_override``).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from schemawright import engine, guard
from schemawright.errors import GuardError, PlanError
from schemawright.spec import load

HERE = Path(__file__).parent
_PLACES = (
    os.environ.get("SCHEMAWRIGHT_MIGRA_FIXTURES"),
    HERE / "data",
    HERE.parents[1].parent / "shared" / "migra_fixtures",
)
DATA = next((Path(p) for p in _PLACES if p and Path(p).is_dir()), HERE / "data")
CASES = sorted(p.name for p in DATA.iterdir() if (p / "a.sql").exists()) if DATA.is_dir() else []
ROLES = ("schemainspect_test_role",)  # migra's privileges fixtures grant to it; roles are server-wide
MAX_APPLIES = 3  # expand, then the contract the switch rule held back, then one spare
# Guard rules the platform waives for a pair (the CLI's --allow RULE): the document itself never can.
PLATFORM_ALLOWS = {
    "everything": ("security-definer-search-path",),
    "privileges": ("security-definer-search-path",),
}


def _param(case: str) -> object:
    """A case, marked as a strict xfail when its folder holds ``xfail.txt`` (the reason)."""
    reason_file = HERE / case / "xfail.txt"
    if reason_file.exists():
        return pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=reason_file.read_text().strip()))
    return case


def _run_script(url: str, sql: str) -> str | None:
    """Run a trusted script; PostgreSQL's error message when it does not load, else None."""
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(sql.encode())
    except psycopg.Error as exc:
        return (exc.diag.message_primary or str(exc)).strip()
    return None


def _ensure_roles(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for role in ROLES:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
                with contextlib.suppress(psycopg.errors.DuplicateObject):  # another test worker was first
                    conn.execute(f'CREATE ROLE "{role}"'.encode())


@pytest.mark.skipif(not CASES, reason="migra's pairs are not here: run scripts/migra_fixtures.py (NOTICE.md)")
@pytest.mark.parametrize("case", [_param(c) for c in CASES] or ["(none)"])
def test_migra_pair_converges(case: str, make_database: Callable[[str], str], pg_server: object) -> None:
    folder = DATA / case
    shadow_server = pg_server.url("postgres")  # type: ignore[attr-defined]
    _ensure_roles(shadow_server)
    # Both halves of the pair must load on this server before the engine is to blame for anything.
    for name in ("b.sql", "a.sql"):
        error = _run_script(make_database("load"), (folder / name).read_text())
        if error is not None:
            pytest.skip(f"{name} does not load on this PostgreSQL: {error}")
    live_url = make_database("live")
    assert _run_script(live_url, (folder / "a.sql").read_text()) is None
    desired = load(folder / "b.sql", overrides=guard.overrides(PLATFORM_ALLOWS.get(case, ())))

    for _ in range(MAX_APPLIES):
        outcome = engine.apply(desired, live_url, shadow_server, allow_destructive=True).final
        if not outcome.report.waiting:
            break
        assert outcome.gate.reason == "switch", outcome.gate.message

    assert engine.raw_diff(desired, live_url, shadow_server) == [], "the live schema differs from b.sql"
    assert engine.make_plan(desired, live_url, shadow_server).plan.is_empty, "a second plan is not empty"


@pytest.mark.skipif(not CASES, reason="migra's pairs are not here: run scripts/migra_fixtures.py (NOTICE.md)")
@pytest.mark.parametrize("case", sorted(c for c in PLATFORM_ALLOWS if c in CASES) or ["(none)"])
def test_migra_pair_refused_without_platform_override(
    case: str, make_database: Callable[[str], str], pg_server: object
) -> None:
    """Without the platform's --allow the guard refuses the document before any database is changed."""
    live_url = make_database("live")
    with pytest.raises(GuardError) as refusal:
        engine.make_plan(load(DATA / case / "b.sql"), live_url, pg_server.url("postgres"))  # type: ignore[attr-defined]
    assert refusal.value.rule in PLATFORM_ALLOWS[case]
    assert f"rule {refusal.value.rule}; allow with --allow {refusal.value.rule}" in str(refusal.value)


@pytest.mark.skipif("extversions" not in CASES, reason="migra's pairs are not here: run scripts/migra_fixtures.py")
def test_migra_extversions_pin_below_the_installed_version_is_refused_at_plan_time(
    make_database: Callable[[str], str], pg_server: object
) -> None:
    """b.sql pins citext 1.5; when the live database already has a newer citext, the plan refuses the
    downgrade before anything runs, naming the extension, both versions and what to do."""
    live_url = make_database("live")
    assert _run_script(live_url, (DATA / "extversions" / "a.sql").read_text() + ";CREATE EXTENSION citext") is None
    with psycopg.connect(live_url) as conn:
        installed = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'citext'").fetchone()[0]
    with pytest.raises(PlanError) as refusal:
        engine.make_plan(load(DATA / "extversions" / "b.sql"), live_url, pg_server.url("postgres"))  # type: ignore[attr-defined]
    message = str(refusal.value)
    assert f"extension citext: the document asks for version 1.5, but the live database has {installed}" in message
    assert f"Declare version {installed}" in message
    with psycopg.connect(live_url) as conn:
        assert conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'pg_trgm'").fetchone()[0] == "1.3", (
            "nothing ran"
        )
