"""Planner fixtures, one folder per case (migra/schemainspect style):

    tests/planner/<case>/live.sql        the live database, rows included (trusted test input)
    tests/planner/<case>/desired.yaml    or desired.sql: the desired state
    tests/planner/<case>/expected.sql    the plan, phase by phase (regenerate: UPDATE_EXPECTED=1)
    tests/planner/<case>/xfail.txt       optional, one line: why the planner does not handle the case yet
                                         (the test is then a strict xfail: it must fail until fixed)

For every case the plan is compared with ``expected.sql``, then applied (contract included) to the
database holding rows; afterwards the differ reports no difference and every row is still there.
When the expand phase has steps and every one has a rollback, the expand phase is also applied to a second
copy of the live database and rolled back (rollbacks in reverse order): the schema is back where it started.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from schemawright import engine
from schemawright.diff.migra import MigraDiffer
from schemawright.execute import Options, apply_plan
from schemawright.plan import Phase, PhaseName, Plan
from schemawright.spec import load

HERE = Path(__file__).parent
CASES = sorted(p.name for p in HERE.iterdir() if (p / "live.sql").exists())


def _param(case: str) -> object:
    """A case, marked as a strict xfail when its folder holds ``xfail.txt`` (the reason)."""
    reason_file = HERE / case / "xfail.txt"
    if reason_file.exists():
        return pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=reason_file.read_text().strip()))
    return case


def plan_text(plan: Plan) -> str:
    """The plan as the fixture's expected.sql spells it: a comment per phase and step, then the SQL."""
    lines: list[str] = []
    for phase in plan.phases:
        if not phase.steps:
            continue
        lines.append(f"-- phase: {phase.name}")
        for step in phase.steps:
            flags = [step.lock.value, "tx" if step.transactional else "no-tx", *step.hazards]
            if step.destructive:
                flags.append("destructive")
            lines.append(f"-- {step.kind} [{', '.join(flags)}]")
            lines.append(step.sql)
        lines.append("")
    return "\n".join(lines)


def desired_path(case: Path) -> Path:
    for name in ("desired.yaml", "desired.sql"):
        if (case / name).exists():
            return case / name
    raise FileNotFoundError(f"{case}: no desired.yaml or desired.sql")


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
                "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
            )
        ]
        return {t: conn.execute(f"SELECT count(*) FROM {t}".encode()).fetchone()[0] for t in tables}  # type: ignore[index]


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_fixture(case: str, make_database: Callable[[str], str], pg_server: object) -> None:
    folder = HERE / case
    live_url = make_database("live")
    with psycopg.connect(live_url, autocommit=True) as conn:
        conn.execute((folder / "live.sql").read_text().encode())
        conn.execute(b"ANALYZE")
    desired = load(desired_path(folder))
    shadow_server = pg_server.url("postgres")  # type: ignore[attr-defined]

    result = engine.make_plan(desired, live_url, shadow_server)
    text = plan_text(result.plan)
    expected_file = folder / "expected.sql"
    known_wrong = (folder / "xfail.txt").exists()  # expected.sql then holds the correct plan, written by hand
    if not known_wrong and (os.environ.get("UPDATE_EXPECTED") or not expected_file.exists()):
        expected_file.write_text(text)
    assert text == expected_file.read_text(), f"plan for {case} changed:\n{text}"

    expand = result.plan.phase(PhaseName.EXPAND).steps
    if expand and all(s.rollback for s in expand):
        _check_expand_rolls_back(result.plan, folder, live_url, make_database, desired.schemas)

    before = counts(live_url)
    apply_plan(result.plan, live_url, Options(allow_destructive=True))
    after = counts(live_url)

    assert engine.raw_diff(desired, live_url, shadow_server) == [], "the live schema differs from the desired one"
    assert engine.make_plan(desired, live_url, shadow_server).plan.is_empty, "a second plan is not empty"
    renamed = engine.renamed_tables(desired)
    # Tables the plan drops (a replacement by another kind of table drops it too): their rows are meant to go.
    # (A step may drop the views reading a table first: every DROP TABLE statement of a step counts.)
    dropped = {
        part.split()[2].rstrip(";").replace('"', "")
        for s in result.plan.steps
        if "DROP TABLE" in s.kind
        for part in s.sql.split(";\n")
        if part.upper().startswith("DROP TABLE")
    }
    for table, rows in before.items():
        if table.replace('"', "") in dropped:
            continue
        assert after.get(renamed.get(table, table)) == rows, f"{table}: {rows} rows before, {after.get(table)} after"


def _check_expand_rolls_back(
    plan: Plan, folder: Path, live_url: str, make_database: Callable[[str], str], schemas: tuple[str, ...]
) -> None:
    """Apply the expand phase to a copy of the live database, run its rollbacks in reverse order, and compare
    the copy with the untouched live database."""
    copy = make_database("rollback")
    with psycopg.connect(copy, autocommit=True) as conn:
        conn.execute((folder / "live.sql").read_text().encode())
    expand_only = dataclasses.replace(
        plan, phases=tuple(p if p.name is PhaseName.EXPAND else Phase(p.name) for p in plan.phases)
    )
    apply_plan(expand_only, copy, Options())
    with psycopg.connect(copy, autocommit=True) as conn:
        for step in reversed(expand_only.steps):
            assert step.rollback is not None
            conn.execute(step.rollback.encode())
    assert MigraDiffer().diff(copy, live_url, schemas) == [], "the expand phase's rollbacks do not restore the schema"
