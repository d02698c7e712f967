"""Fixtures of the shadow tests."""

from __future__ import annotations

from typing import Any

import pytest

from schemawright.shadow import build as shadow_build


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many sessions each shadow build of the test ran on, in order: ``[2]`` is one build on two sessions,
    ``[2, 1]`` one that failed there and was built again on one."""
    runs: list[int] = []
    materialise = shadow_build.materialise

    def counted(*args: Any, **kwargs: Any) -> None:
        runs.append(kwargs.get("sessions_count", 1))
        materialise(*args, **kwargs)

    monkeypatch.setattr(shadow_build, "materialise", counted)
    return runs
