"""The ``Differ`` protocol: migra is unmaintained since 2022, so it stays swappable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Differ(Protocol):
    """Computes DDL statements that make ``live`` look like ``desired``, within ``schemas``."""

    name: str

    def diff(self, live_url: str, desired_url: str, schemas: Sequence[str]) -> list[str]:
        """Return the statements in an order that would apply (unsafely) as they are."""
        ...
