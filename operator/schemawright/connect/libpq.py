"""A minimal read-only libpq client over ctypes, for the command line's no-op answer (livestate/quick.py).

Importing psycopg costs about 0.3 s of CPU (its adapters and error classes bring asyncio, ssl and
importlib.metadata along): more than the rest of a no-op ``plan`` together. That answer needs a handful of
queries with text parameters and text results, so it loads the libpq psycopg itself uses (psycopg-binary's
copy, else the system's) and runs them through it. libpq reads the URL, the environment (``PGPASSWORD``…),
the password and service files, and negotiates TLS exactly as it does under psycopg. Anything this cannot do —
no libpq found, a connection or a query failing — is a :class:`LibpqError`; the caller then takes the full path,
which connects with psycopg and reports the error properly.
"""

from __future__ import annotations

import ctypes
import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

_CONNECTION_OK = 0
_COMMAND_OK, _TUPLES_OK = 1, 2  # PGRES_COMMAND_OK, PGRES_TUPLES_OK

Rows = list[tuple[str | None, ...]]


class LibpqError(Exception):
    """libpq could not be loaded, or a connection or query failed (the message is libpq's, never shown to users)."""


def _candidates() -> list[str]:
    """Where libpq may be: the copy psycopg-binary ships (the one psycopg uses when installed), then the system's."""
    found: list[str] = []
    spec = importlib.util.find_spec("psycopg_binary")
    for location in (spec.submodule_search_locations or []) if spec else []:
        package = Path(location)
        for libs in (package.parent / "psycopg_binary.libs", package / ".dylibs"):
            found += sorted(str(p) for p in libs.glob("libpq*") if ".so" in p.name or p.suffix == ".dylib")
    return [*found, "libpq.so.5", "libpq.5.dylib", "libpq.so"]


def _declare(lib: ctypes.CDLL) -> ctypes.CDLL:
    """The signatures of the functions used here (ctypes would otherwise truncate pointers to int)."""
    p, i, s = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p
    for name, args, result in (
        ("PQconnectdbParams", [ctypes.POINTER(s), ctypes.POINTER(s), i], p),
        ("PQstatus", [p], i),
        ("PQerrorMessage", [p], s),
        ("PQserverVersion", [p], i),
        ("PQfinish", [p], None),
        ("PQexecParams", [p, s, i, p, ctypes.POINTER(s), p, p, i], p),
        ("PQresultStatus", [p], i),
        ("PQresultErrorMessage", [p], s),
        ("PQntuples", [p], i),
        ("PQnfields", [p], i),
        ("PQgetisnull", [p, i, i], i),
        ("PQgetvalue", [p, i, i], s),
        ("PQclear", [p], None),
    ):
        function = getattr(lib, name)
        function.argtypes, function.restype = args, result
    return lib


_loaded: list[ctypes.CDLL] = []


def library() -> ctypes.CDLL:
    """libpq, loaded once; :class:`LibpqError` when there is none."""
    if not _loaded:
        for candidate in _candidates():
            try:
                _loaded.append(_declare(ctypes.CDLL(candidate)))
                break
            except (OSError, AttributeError):
                continue
        else:
            raise LibpqError("no libpq found")
    return _loaded[0]


def _strings(values: Sequence[str | None]) -> ctypes.Array[ctypes.c_char_p]:
    return (ctypes.c_char_p * (len(values) + 1))(*[None if v is None else v.encode() for v in values], None)


class Session:
    """One connection to ``url`` (a URL or a key=value string, with ``params`` overriding its own), text in and
    text out, in UTF-8. Use it in a ``with`` block: the connection is closed at its end."""

    def __init__(self, url: str, **params: str) -> None:
        self._lib = library()
        keys = ["dbname", *params, "client_encoding"]
        values = [url, *params.values(), "UTF8"]
        self._conn: int | None = self._lib.PQconnectdbParams(_strings(keys), _strings(values), 1)
        if not self._conn:
            raise LibpqError("libpq could not allocate a connection")
        if self._lib.PQstatus(self._conn) != _CONNECTION_OK:
            message = (self._lib.PQerrorMessage(self._conn) or b"").decode(errors="replace").strip()
            self.close()
            raise LibpqError(message or "connection failed")
        self.server_version = int(self._lib.PQserverVersion(self._conn))

    def query(self, sql: str, params: Sequence[str | None] = ()) -> Rows:
        """Run one statement (``$1``… for ``params``, sent as text); its rows as text (None for NULL)."""
        if not self._conn:
            raise LibpqError("the connection is closed")
        lib = self._lib
        result = lib.PQexecParams(self._conn, sql.encode(), len(params), None, _strings(params), None, None, 0)
        if not result:
            raise LibpqError((lib.PQerrorMessage(self._conn) or b"").decode(errors="replace").strip())
        try:
            if lib.PQresultStatus(result) not in (_COMMAND_OK, _TUPLES_OK):
                raise LibpqError((lib.PQresultErrorMessage(result) or b"").decode(errors="replace").strip())
            fields = range(lib.PQnfields(result))
            return [
                tuple(
                    None if lib.PQgetisnull(result, row, col) else (lib.PQgetvalue(result, row, col) or b"").decode()
                    for col in fields
                )
                for row in range(lib.PQntuples(result))
            ]
        finally:
            lib.PQclear(result)

    def close(self) -> None:
        """Close the connection (again: nothing)."""
        if self._conn:
            self._lib.PQfinish(self._conn)
            self._conn = None

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def text_array(values: Sequence[str]) -> str:
    """A ``text[]`` literal of ``values`` (for a ``$n::text[]`` parameter)."""
    quoted = ('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return "{" + ",".join(quoted) + "}"
