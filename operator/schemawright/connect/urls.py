"""Connection URLs: switch the database of a URL, and mask credentials before anything is printed."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from schemawright.errors import Problem, SpecError


def check_url(url: str, *, field: str) -> str:
    """``url`` if it is a ``postgresql://`` URL; a clear error naming ``field`` otherwise."""
    if not re.match(r"^postgres(ql)?(\+\w+)?://", url):
        raise SpecError(
            field, [Problem(field, repr(mask(url)[:40]), "a URL such as postgresql://user@host:5432/dbname")]
        )
    return url


def with_database(url: str, database: str) -> str:
    """The same server and credentials, another database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


def database_name(url: str) -> str:
    """The database a URL names (``postgres`` when it names none)."""
    return urlsplit(url).path.lstrip("/") or "postgres"


def mask(url: str) -> str:
    """The URL with any password replaced by ``***`` (also ``password=`` query parameters)."""
    masked = re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)
    return re.sub(r"(?i)(password=)[^&\s]*", r"\1***", masked)
