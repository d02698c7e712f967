"""Positions: line and column of byte offsets, each statement's span in the script, pg_dump's ``\\restrict``
lines, and parsing a script (cached: loading a .sql document and guarding it parse the same text).
"""

from __future__ import annotations

import bisect
import functools
import re

import postgast
from postgast import pg_query_pb2 as pb

COMMENTS = frozenset({pb.SQL_COMMENT, pb.C_COMMENT})


_SEMICOLON = pb.ASCII_59


OPEN_PAREN = pb.ASCII_40


class LineIndex:
    """Line and column of byte offsets in UTF-8 text; built once, so a 1 MB dump is not rescanned per statement."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._starts = [0, *(match.end() for match in re.finditer(rb"\n", data))]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of byte ``offset``."""
        offset = min(max(offset, 0), len(self._data))
        index = bisect.bisect_right(self._starts, offset) - 1
        start = self._starts[index]
        return index + 1, len(self._data[start:offset].decode("utf-8", errors="replace")) + 1


def line_column(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset`` in UTF-8 ``data``."""
    return LineIndex(data).position(offset)


# Whitespace and simple comments before a statement (a nested /* /* */ */ comment falls back to the lexer).
_LEADING = re.compile(rb"(?:\s+|--[^\n]*|/\*(?:[^*/]|\*(?!/)|/(?!\*))*\*/)*")


def statement_spans(sql: str, tree: pb.ParseResult) -> list[tuple[int, int]]:
    """(start, end) byte offsets of each statement, from its first to its last token.

    Leading comments, trailing comments and the semicolon are left out, so each text stands alone. The
    parser's locations are trimmed as text; only a statement whose ends hold anything unusual (a nested or
    trailing comment) is handed to the lexer, so a 1 MB dump is not turned into a million token objects.
    """
    data = sql.encode()
    spans = []
    for raw in tree.stmts:
        start = raw.stmt_location
        stop = start + raw.stmt_len if raw.stmt_len else len(data)
        lead = _LEADING.match(data, start, stop)
        first = lead.end() if lead else start
        last = len(data[first:stop].rstrip())
        end = first + last
        tail = data[first:end].rsplit(b"\n", 1)[-1]
        if b"/*" in data[start:first] or b"--" in tail or tail.endswith((b"*/", b";")):
            first, end = _lexed_span(data, start, stop)
        spans.append((first, end))
    return spans


def _lexed_span(data: bytes, start: int, stop: int) -> tuple[int, int]:
    """The first and last token of ``data[start:stop]`` (comments and semicolons left out), by the lexer."""
    piece = data[start:stop].decode()
    tokens = [t for t in postgast.scan(piece).tokens if t.token not in COMMENTS]
    while len(tokens) > 1 and tokens[-1].token == _SEMICOLON:
        tokens.pop()
    if not tokens:
        return start, start
    return start + tokens[0].start, start + tokens[-1].end


def statement_number_at(sql: str, offset: int) -> int:
    """1-based number of the statement that byte ``offset`` falls in (for syntax errors)."""
    prefix = sql.encode()[:offset].decode("utf-8", errors="ignore")
    try:
        tokens = postgast.scan(prefix).tokens
    except postgast.PgQueryError:
        return 1
    number, open_statement = 1, False
    for token in tokens:
        if token.token == _SEMICOLON:
            number += open_statement
            open_statement = False
        elif token.token not in COMMENTS:
            open_statement = True
    return number


# psql meta-commands. pg_dump 18 brackets its output with "\restrict KEY" and "\unrestrict KEY" lines (psql
# refuses other meta-commands between them). Those two, as whole lines, are blanked (same length, so every
# position stays put); any other meta-command is refused when it makes the script unparsable.
_META_LINE = re.compile(rb"^\\(?:restrict|unrestrict)[ \t]+[A-Za-z0-9]+[ \t]*\r?$", re.MULTILINE)


def blank_restrict_lines(sql: str) -> tuple[str, list[tuple[int, int]]]:
    """``sql`` with pg_dump's \\restrict / \\unrestrict lines replaced by spaces, and where they were."""
    data = sql.encode()
    spans = [(m.start(), m.end()) for m in _META_LINE.finditer(data)]
    if not spans:
        return sql, spans
    blanked = bytearray(data)
    for start, end in spans:
        blanked[start:end] = b" " * (end - start)
    return blanked.decode(), spans


@functools.lru_cache(maxsize=2)  # loading a .sql document and guarding it parse the same script
def parse_script(sql: str) -> tuple[str, pb.ParseResult]:
    """The script with pg_dump's \\restrict / \\unrestrict lines blanked, and its parse tree (not to be changed).

    A blanked line that turns out to sit inside a statement (in a literal or a function body) is text,
    not a command: it is put back. Raises postgast.PgQueryError like postgast.parse.
    """
    text, spans = blank_restrict_lines(sql)
    tree = postgast.parse(text)
    if not spans:
        return text, tree
    data, blanked = sql.encode(), bytearray(text.encode())
    starts = [raw.stmt_location for raw in tree.stmts]
    inside = []
    for start, end in spans:
        index = bisect.bisect_right(starts, start) - 1
        if index >= 0:
            raw = tree.stmts[index]
            stop = raw.stmt_location + raw.stmt_len if raw.stmt_len else len(data)
            # the parser's range starts after the previous statement, so text before the first token is
            # whitespace or comments: only a line after the statement's first token is really inside it
            first = _LEADING.match(blanked, raw.stmt_location, stop)
            if first is not None and first.end() < start < stop:
                inside.append((start, end))
    if not inside:
        return text, tree
    for start, end in inside:
        blanked[start:end] = data[start:end]
    text = blanked.decode()
    return text, postgast.parse(text)


def meta_command_at(data: bytes, lines: LineIndex, offset: int) -> str | None:
    """The meta-command (e.g. ``\\connect``) on the line of byte ``offset``, if that line is one."""
    line = lines.position(offset)[0]
    text = data.split(b"\n")[line - 1].decode(errors="replace").strip() if line else ""
    return text.split()[0] if text.startswith("\\") and text.split() else None
