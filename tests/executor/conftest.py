"""Fixtures for executor tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from schemawright.connect.embedded import EmbeddedServer


@pytest.fixture
def shadow(pg_server: EmbeddedServer) -> str:
    """The shadow server URL."""
    return pg_server.url("postgres")


@pytest.fixture
def write_doc(tmp_path: Path) -> Callable[..., str]:
    """Write a document to a temporary file; returns its path."""

    def write(text: str, name: str = "schema.yaml") -> str:
        path = tmp_path / name
        path.write_text(text)
        return str(path)

    return write
