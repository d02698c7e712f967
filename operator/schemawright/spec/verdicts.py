"""Documents the JSON Schema accepted before, remembered on disk: the next ``validate`` of the same document
skips importing jsonschema (the largest part of its start) and walking the schema again.

The key hashes the parsed document (canonical JSON), the shipped schema, the validating code and this
release: the same key is the same verdict. Only acceptances are kept (a rejected document is checked afresh
every time, so its messages are always complete). Kept in the subfolder ``valid`` of the cache folder
(:mod:`schemawright.cachedir`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from typing import Any

from schemawright import cachedir


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
    code = cachedir.code_digest("spec/validate.py", "spec/verdicts.py")  # the validating code itself
    return hashlib.sha256(f"{__version__}\0{code}\0{schema_digest}\0{text}".encode()).hexdigest()


def known_valid(verdict: str | None) -> bool:
    """True when the document with this key was accepted before."""
    where = cachedir.folder("valid")
    return verdict is not None and where is not None and (where / verdict).is_file()


def remember(verdict: str | None) -> None:
    """Keep the acceptance of the document with this key (best effort)."""
    where = cachedir.folder("valid")
    if verdict is None or where is None:
        return
    with contextlib.suppress(OSError):
        (cachedir.private(where) / verdict).touch()
