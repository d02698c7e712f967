"""Every lint rule against its fixture folder: bad.yaml fires exactly that rule on the expected object,
good.yaml is clean. Real embedded PostgreSQL: the documents are built in shadow databases, live.sql in a
live database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from schemawright.connect.embedded import EmbeddedServer
from schemawright.lint import ALL_RULES, lint
from schemawright.spec import load

HERE = Path(__file__).parent
CASES = sorted(p.name for p in HERE.iterdir() if (p / "bad.yaml").exists())


def expected_object(path: Path) -> str:
    """The object named by the ``# expect:`` line at the top of a bad case."""
    first = path.read_text().splitlines()[0]
    assert first.startswith("# expect: "), f"{path}: the first line must be '# expect: <object>'"
    return first.removeprefix("# expect: ").strip()


def live_database(case: Path, which: str, make_database: Callable[[str], str]) -> str | None:
    """A live database built from the case's ``<which>.live.sql`` or ``live.sql``, or None."""
    script = next((p for p in (case / f"{which}.live.sql", case / "live.sql") if p.exists()), None)
    if script is None:
        return None
    url = make_database("live")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(script.read_text().encode())
    return url


def test_every_rule_has_cases() -> None:
    assert [f"{r.id}_{r.name.replace('-', '_')}" for r in ALL_RULES] == CASES


@pytest.mark.parametrize("case", CASES)
def test_bad_case_fires_exactly_its_rule(
    case: str, pg_server: EmbeddedServer, make_database: Callable[[str], str]
) -> None:
    folder = HERE / case
    rule = case.split("_")[0]
    report = lint(
        load(folder / "bad.yaml"), pg_server.url("postgres"), live_url=live_database(folder, "bad", make_database)
    )
    assert {f.rule for f in report.findings} == {rule}, report.findings
    finding = next(f for f in report.findings if f.object == expected_object(folder / "bad.yaml"))
    assert finding.message and finding.fix
    assert finding.severity in {"error", "warning", "info"}


@pytest.mark.parametrize("case", CASES)
def test_good_case_is_clean(case: str, pg_server: EmbeddedServer, make_database: Callable[[str], str]) -> None:
    folder = HERE / case
    report = lint(
        load(folder / "good.yaml"), pg_server.url("postgres"), live_url=live_database(folder, "good", make_database)
    )
    assert report.findings == (), report.findings
