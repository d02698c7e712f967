"""Where schemawright keeps what it may compute again but would rather not: ``$SCHEMAWRIGHT_CACHE``, else
``$XDG_CACHE_HOME/schemawright`` (default ``~/.cache/schemawright``); ``SCHEMAWRIGHT_CACHE=off`` turns every
such cache off. Nothing in it is needed: a folder that cannot be read or written only means no cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from pathlib import Path

OFF = ("off", "0", "false", "no")


def folder(name: str) -> Path | None:
    """The cache's subfolder ``name``, or None when caching is off."""
    chosen = os.environ.get("SCHEMAWRIGHT_CACHE", "")
    if chosen.lower() in OFF:
        return None
    if chosen:
        return Path(chosen) / name
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "schemawright" / name


def private(path: Path) -> Path:
    """``path`` created if missing, readable by this user only (its files are trusted when read back)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


@functools.cache
def code_digest(*parts: str) -> str:
    """A digest of the package's own code at ``parts`` (modules, data files or whole folders, relative to the
    package root): a cache keyed by it is never reused by a checkout that decides differently."""
    root = os.path.dirname(os.path.abspath(__file__))
    digest = hashlib.sha256()
    for part in parts:
        for source in _code_files(os.path.join(root, part)):
            digest.update(os.path.relpath(source, root).encode() + b"\0")
            try:
                with open(source, "rb") as file:
                    digest.update(file.read())
            except OSError:  # a module that cannot be read still names itself
                digest.update(b"\0unreadable")
    return digest.hexdigest()


def _code_files(path: str) -> list[str]:
    """``path`` itself, or the modules and data files below it in a fixed order (os.walk: quicker than rglob,
    and ``validate`` hashes them on every start)."""
    if not os.path.isdir(path):
        return [path]
    found = []
    for folder, subfolders, names in os.walk(path):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        found += [os.path.join(folder, name) for name in sorted(names) if name.endswith((".py", ".json"))]
    return found


def store(name: str, filename: str, data: bytes, *, keep: int) -> None:
    """Keep ``data`` as ``filename`` in the cache's subfolder ``name`` (best effort), then only the ``keep`` most
    recently written or used files there. Written whole or not at all (a temporary file renamed into place), so
    a reader never sees half a file; a write that fails (disk full, read-only folder) is only a miss next time."""
    where = folder(name)
    if where is None:
        return
    partial: Path | None = None
    try:
        kept = private(where)
        partial = kept / f".{filename}.{os.urandom(4).hex()}"
        partial.write_bytes(data)
        os.replace(partial, kept / filename)
        newest_first = sorted(
            (p for p in kept.iterdir() if not p.name.startswith(".")), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in newest_first[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        if partial is not None:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
