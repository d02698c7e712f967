"""Fixtures of the command-line tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from schemawright.connect.embedded import EmbeddedServer


@pytest.fixture
def targets(make_database: Callable[[str], str], pg_server: EmbeddedServer) -> list[str]:
    """``--database`` (a fresh database) and ``--shadow-url`` flags on the test's embedded server."""
    return ["--database", make_database("cli"), "--shadow-url", pg_server.url("postgres")]
