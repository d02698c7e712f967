"""A second session for the shadow build: plain ``CREATE INDEX`` statements run beside the rest.

Creating an index on an empty table costs the server about as much as creating the table, and the statements of
a shadow run one after another on one backend: one core. A helper session takes over the index builds, each
after the batch that created its table has committed, while the first session goes on with what follows. On
two cores the generated 1000-table schema of bench/run.py builds in about 70 % of the time.

What the helper may take (:func:`index_build`): ``CREATE [UNIQUE] INDEX name ON table …``, named, not
``CONCURRENTLY``, not ``ON ONLY``, on a table this script created with a plain ``CREATE TABLE`` and never named
in a statement about partitions or inheritance (an index there reaches other tables). Order is kept wherever it
can matter (:class:`Offloader`): the first session waits for the helper before a statement that names an index
the helper was given, or one of their tables (a ``REFERENCES`` to that table only when a unique index on it is
pending: a foreign key needs one), and the helper follows every session setting. A clash no name shows (an
implicit name, a schema renamed) fails the build; the caller then builds it again on one session
(:class:`ParallelBuildFailed`), which reports what one session reports.
"""

from __future__ import annotations

import os
import queue
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from schemawright.guard import Statement

Conn = psycopg.Connection[tuple[Any, ...]]

_IDENT = r'(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)'
_QNAME = rf"{_IDENT}(?:\s*\.\s*{_IDENT})*"
_LEADING = r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*"  # pg_dump puts a comment before each statement
_CREATE_INDEX = re.compile(
    rf"{_LEADING}CREATE\s+(?P<unique>UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY\b)(?:IF\s+NOT\s+EXISTS\s+)?"
    rf"(?P<name>{_IDENT})\s+ON\s+(?!ONLY\b)(?P<table>{_QNAME})",
    re.IGNORECASE | re.DOTALL,
)
_CREATE_TABLE = re.compile(
    rf"{_LEADING}CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\s+"
    rf"(?:IF\s+NOT\s+EXISTS\s+)?(?P<table>{_QNAME})",
    re.IGNORECASE | re.DOTALL,
)
_TREE_WORDS = re.compile(r"\b(?:PARTITION|INHERITS?|DETACH)\b", re.IGNORECASE)
_REFERENCES = re.compile(rf"\bREFERENCES\s+(?P<table>{_QNAME})", re.IGNORECASE)
_TOKEN = re.compile(r'"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)')


def helper_sessions() -> int:
    """How many sessions build a shadow (``SCHEMAWRIGHT_SHADOW_SESSIONS``: 2 by default, 1 for one session)."""
    try:
        return max(1, int(os.environ.get("SCHEMAWRIGHT_SHADOW_SESSIONS", "2")))
    except ValueError:
        return 2


def _names(text: str) -> set[str]:
    """Every identifier in ``text`` as PostgreSQL folds it (quoted as written, else lower-case); keywords,
    words in strings and bodies included: a name that only looks like a mention costs a wait, nothing more."""
    return {quoted.replace('""', '"') if quoted else plain.lower() for quoted, plain in _TOKEN.findall(text)}


def _last(qualified: str) -> str:
    """The object's own name of a possibly schema-qualified name (schemas are not told apart: more waits)."""
    parts = _TOKEN.findall(qualified)
    quoted, plain = parts[-1]
    return str(quoted).replace('""', '"') if quoted else str(plain).lower()


@dataclass(frozen=True)
class IndexBuild:
    """A statement the helper may run: the index it creates and its table."""

    number: int
    statement: Statement
    name: str
    table: str
    unique: bool


def index_build(number: int, statement: Statement) -> IndexBuild | None:
    """``statement`` as an index build the helper may take, or None."""
    if statement.effect != "definition" or statement.privileged:
        return None
    match = _CREATE_INDEX.match(statement.sql)
    if match is None:
        return None
    return IndexBuild(number, statement, _last(match["name"]), _last(match["table"]), bool(match["unique"]))


def _clashes(builds: Sequence[IndexBuild], text: str) -> list[IndexBuild]:
    """The ``builds`` a statement with ``text`` must not overtake."""
    referenced = {_last(m["table"]) for m in _REFERENCES.finditer(text)}
    named = _names(_REFERENCES.sub(" ", text))
    return [
        b
        for b in builds
        if b.name in named or b.name in referenced or b.table in named or (b.unique and b.table in referenced)
    ]


class Helper:
    """The second session, on a thread of its own: runs the index builds it is given, in order, one batch per
    transaction; after a failure it runs nothing more (:attr:`failed`)."""

    def __init__(self, connect: Callable[[], Conn]) -> None:
        self._connect = connect
        self._settings: list[str] = []  # made before the helper started: it makes them first
        self._queue: queue.Queue[tuple[str, list[str]] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._pending: list[IndexBuild] = []
        self.failed: BaseException | None = None
        self._thread: threading.Thread | None = None

    @property
    def pending(self) -> list[IndexBuild]:
        """The builds given and not yet run."""
        with self._lock:
            return list(self._pending)

    def give(self, builds: list[IndexBuild]) -> None:
        """Run ``builds`` (in one transaction) after what was given before."""
        if not builds:
            return
        if self._thread is None:  # the settings made so far, then what comes through the queue, in order
            self._thread = threading.Thread(
                target=self._run, args=(list(self._settings),), name="schemawright-shadow-helper", daemon=True
            )
            self._thread.start()
        with self._lock:
            self._pending += builds
        self._queue.put(("build", [b.statement.sql for b in builds]))

    def setting(self, text: str) -> None:
        """A session setting the first session just made: the helper's later builds run under it too."""
        if self._thread is None:
            self._settings.append(text)
            return
        self._queue.put(("setting", [text]))
        self.drain()

    def drain(self) -> None:
        """Wait until everything given has run; :class:`ParallelBuildFailed` when something failed."""
        if self._thread is not None:
            self._queue.join()
        if self.failed is not None:
            raise ParallelBuildFailed(str(self.failed)) from self.failed

    def close(self) -> None:
        """Stop the thread (after what it is running) and close its session."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None

    def _run(self, settings: list[str]) -> None:
        conn: Conn | None = None
        try:
            while (item := self._queue.get()) is not None:
                kind, texts = item
                try:
                    if self.failed is None:
                        if conn is None:
                            conn = self._connect()
                            for setting in settings:
                                conn.execute(setting.encode())
                        conn.execute("\n;\n".join(texts).encode())  # bytes: no client-side placeholder parsing
                except BaseException as exc:  # reported by drain(), to the thread that builds
                    self.failed = exc
                finally:
                    if kind == "build":
                        with self._lock:
                            del self._pending[: len(texts)]
                    self._queue.task_done()
            self._queue.task_done()
        finally:
            if conn is not None:
                conn.close()


class ParallelBuildFailed(Exception):
    """A build that used the helper failed: build it again on one session, which reports the true error."""


class Offloader:
    """Splits each batch of the build between the first session and the helper (see the module docstring)."""

    def __init__(self, helper: Helper) -> None:
        self.helper = helper
        self._plain: dict[str, bool] = {}  # tables created by this script: whether an index there stays there

    def split(self, chunk: Sequence[tuple[int, Statement]]) -> tuple[list[tuple[int, Statement]], list[IndexBuild]]:
        """What the first session runs of ``chunk`` (after waiting for the helper when it must) and what the helper
        runs once that has committed."""
        mine: list[tuple[int, Statement]] = []
        theirs: list[IndexBuild] = []
        wait = False
        pending = self.helper.pending
        for number, statement in chunk:
            build = index_build(number, statement)
            if build is not None and self._plain.get(build.table, False):
                theirs.append(build)
                continue
            text = statement.sql
            if pending and not wait and _clashes(pending, text):
                wait = True
            if theirs:
                kept = _clashes(theirs, text)
                if kept:  # it must exist before this statement: the first session builds it in its place
                    theirs = [b for b in theirs if b not in kept]
                    mine += [(b.number, b.statement) for b in kept]
            mine.append((number, statement))
            self._learn(text)
        if wait:
            self.helper.drain()
        return sorted(mine, key=lambda item: item[0]), theirs

    def _learn(self, text: str) -> None:
        """Which tables an index build may leave to the helper: created plain, never in a partition tree."""
        created = _CREATE_TABLE.match(text)
        tree = _TREE_WORDS.search(text) is not None
        if created is not None:
            table = _last(created["table"])
            self._plain[table] = self._plain.get(table, True) and not tree
        if tree:
            for name in _names(text):
                if name in self._plain:
                    self._plain[name] = False
