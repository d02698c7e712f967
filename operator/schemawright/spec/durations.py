"""Durations as written in the document (``500ms``, ``2s``, ``5m``, ``1h``, ``1m30s``)."""

from __future__ import annotations

import re

_UNIT_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}
_PART = re.compile(r"([0-9]+)(ms|s|m|h)")
_WHOLE = re.compile(r"(?:[0-9]+(?:ms|s|m|h))+")


class DurationError(ValueError):
    """The text is not a duration; the message says what is expected."""


def parse_duration_ms(text: str) -> int:
    """Parse ``text`` into milliseconds: whole numbers with unit ms, s, m or h, optionally chained.

    >>> parse_duration_ms("1m30s")
    90000

    Raises :class:`DurationError` for anything else (``1.5s``, ``2 s``, ``10``, ``""``).
    """
    if not isinstance(text, str) or not _WHOLE.fullmatch(text):
        raise DurationError(
            f"{text!r} is not a duration; expected a whole number followed by ms, s, m or h "
            "(e.g. 500ms, 2s, 5m, 1h, 1m30s)"
        )
    return sum(int(n) * _UNIT_MS[unit] for n, unit in _PART.findall(text))


def format_duration_ms(ms: int) -> str:
    """The shortest duration text for ``ms`` (``90000`` → ``1m30s``; ``0`` → ``0s``)."""
    if ms == 0:
        return "0s"
    parts: list[str] = []
    for unit in ("h", "m", "s", "ms"):
        size = _UNIT_MS[unit]
        if ms >= size:
            parts.append(f"{ms // size}{unit}")
            ms %= size
    return "".join(parts)
