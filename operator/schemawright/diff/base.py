"""The ``Differ`` protocol: migra is unmaintained since 2022, so it stays swappable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Differ(Protocol):
    """Computes DDL statements that make ``live`` look like ``desired``, within ``schemas``."""

    name: str

    def inspect(self, url: str, schemas: Sequence[str], *, content: str = "") -> object:
        """The differ's own reading of the database at ``url`` (taken ahead of :meth:`diff`, so that a plan can
        read the live database while the shadow is being built). ``content``, when given, names what that
        database holds (diff/inspections.py): a reading kept under it may be reused."""
        ...

    def diff(
        self,
        live_url: str,
        desired_url: str,
        schemas: Sequence[str],
        *,
        live: object | None = None,
        desired: object | None = None,
    ) -> list[str]:
        """Return the statements in an order that would apply (unsafely) as they are; ``live`` and ``desired``,
        when given, are :meth:`inspect`'s readings of the two databases, used instead of reading them again."""
        ...
