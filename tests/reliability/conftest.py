"""Reliability and security checks: each records its figures for docs/reliability.md."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from _reliability import Figure, record


@pytest.fixture
def reliability(request: pytest.FixtureRequest) -> Callable[..., None]:
    """``reliability(check, section=…, title=…, unit=…, tried=…, passed=…)`` records one figure for this test."""

    def _record(check: str, *, section: str, title: str, unit: str, tried: int, passed: int) -> None:
        record(
            Figure(
                check=check,
                section=section,
                title=title,
                unit=unit,
                tried=tried,
                passed=passed,
                nodeid=request.node.nodeid,
            )
        )

    return _record
