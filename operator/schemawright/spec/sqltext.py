"""Composable SQL text without a database driver: the part of ``psycopg.sql`` that rendering uses.

``validate`` renders every document, and importing psycopg costs more than the whole check. Identifiers are
always double-quoted (an embedded ``"`` doubled) and string literals single-quoted (``'`` doubled; with a
backslash, the ``E''`` form with ``\\`` doubled) exactly as ``psycopg.sql`` prints them without a connection
(tests/spec/test_sqltext.py compares the two on generated text).
"""

from __future__ import annotations

import string
from abc import ABC, abstractmethod
from collections.abc import Iterable


class Composable(ABC):
    """A piece of SQL text; ``+`` concatenates."""

    @abstractmethod
    def as_string(self, context: object = None) -> str:
        """The SQL text (``context`` is accepted for psycopg's signature and ignored)."""

    def __add__(self, other: Composable) -> Composed:
        return Composed([self, other])


class Composed(Composable):
    """A sequence of pieces, printed one after the other."""

    def __init__(self, parts: Iterable[Composable]) -> None:
        self.parts = list(parts)

    def as_string(self, context: object = None) -> str:
        return "".join(part.as_string(context) for part in self.parts)

    def __add__(self, other: Composable) -> Composed:
        return Composed([*self.parts, other])


class SQL(Composable):
    """Text taken as it is; ``format`` fills its ``{}`` / ``{0}`` / ``{name}`` fields with other pieces."""

    def __init__(self, text: str) -> None:
        self.text = text

    def as_string(self, context: object = None) -> str:
        return self.text

    def format(self, *args: Composable, **kwargs: Composable) -> Composed:
        """The text with its fields replaced by ``args`` (in order, or by index) and ``kwargs`` (by name)."""
        parts: list[Composable] = []
        auto = 0
        for literal, field, spec, conversion in string.Formatter().parse(self.text):
            if literal:
                parts.append(SQL(literal))
            if field is None:
                continue
            if spec or conversion:
                raise ValueError(f"no format spec or conversion in SQL text: {self.text!r}")
            if field == "":
                parts.append(args[auto])
                auto += 1
            elif field.isdigit():
                parts.append(args[int(field)])
            else:
                parts.append(kwargs[field])
        return Composed(parts)

    def join(self, pieces: Iterable[Composable]) -> Composed:
        """``pieces`` with this text between each two."""
        parts: list[Composable] = []
        for piece in pieces:
            if parts:
                parts.append(self)
            parts.append(piece)
        return Composed(parts)


class Identifier(Composable):
    """A name, or a dotted chain of names (``schema.table.column``), always quoted."""

    def __init__(self, *names: str) -> None:
        if not names:
            raise TypeError("Identifier needs at least one name")
        self.names = names

    def as_string(self, context: object = None) -> str:
        return ".".join('"' + name.replace('"', '""') + '"' for name in self.names)


class Literal(Composable):
    """A text value as a string constant."""

    def __init__(self, value: str) -> None:
        if "\0" in value:
            raise ValueError("a string literal cannot contain NUL characters")
        self.value = value

    def as_string(self, context: object = None) -> str:
        quoted = self.value.replace("'", "''")
        if "\\" in self.value:
            return " E'" + quoted.replace("\\", "\\\\") + "'"
        return "'" + quoted + "'"
