"""Documents the JSON Schema accepted before, remembered on disk: the next ``validate`` of the same document
skips importing jsonschema (the largest part of its start) and walking the schema again.

The key hashes the parsed document (canonical JSON), the shipped schema, the validating code and this
release: the same key is the same verdict. Only acceptances are kept (a rejected document is checked afresh
every time, so its messages are always complete). The folder is ``$SCHEMAWRIGHT_CACHE`` or
``$XDG_CACHE_HOME/schemawright`` (default ``~/.cache/schemawright``), subfolder ``valid``;
``SCHEMAWRIGHT_CACHE=off`` turns it off, and a folder that cannot be read or written only means no cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

OFF = ("off", "0", "false", "no")


def folder() -> Path | None:
    """Where acceptances are kept, or None when the cache is off."""
    chosen = os.environ.get("SCHEMAWRIGHT_CACHE", "")
    if chosen.lower() in OFF:
        return None
    if chosen:
        return Path(chosen) / "valid"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "schemawright" / "valid"


@functools.cache
def _schema_digest(schema_text: str) -> str:
    return hashlib.sha256(schema_text.encode()).hexdigest()


def key(document: Any, schema: dict[str, Any]) -> str | None:
    """The verdict's key, or None for a document JSON cannot say exactly (a YAML binary or a non-text key:
    the schema rejects those, and they are never remembered)."""
    from schemawright import __version__

    try:
        text = json.dumps(document, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return None
    schema_digest = _schema_digest(json.dumps(schema, sort_keys=True))
    return hashlib.sha256(f"{__version__}\0{_code_digest()}\0{schema_digest}\0{text}".encode()).hexdigest()


@functools.cache
def _code_digest() -> str:
    """The validating code itself: a checkout with other checks under the same release number never reuses."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ("validate.py", "verdicts.py"):
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


def known_valid(verdict: str | None) -> bool:
    """True when the document with this key was accepted before."""
    where = folder()
    return verdict is not None and where is not None and (where / verdict).is_file()


def remember(verdict: str | None) -> None:
    """Keep the acceptance of the document with this key (best effort)."""
    where = folder()
    if verdict is None or where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        (where / verdict).touch()
    except OSError:
        pass
