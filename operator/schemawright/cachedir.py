"""Where schemawright keeps what it may compute again but would rather not: ``$SCHEMAWRIGHT_CACHE``, else
``$XDG_CACHE_HOME/schemawright`` (default ``~/.cache/schemawright``); ``SCHEMAWRIGHT_CACHE=off`` turns every
such cache off. Nothing in it is needed: a folder that cannot be read or written only means no cache.
"""

from __future__ import annotations

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
