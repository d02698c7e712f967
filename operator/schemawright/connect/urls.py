"""Connection URLs: switch the database of a URL, mask credentials before anything is printed, and the connect
timeout a URL goes with."""

from __future__ import annotations

import os
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


# Seconds libpq waits for a server to answer (per host address). Without one it waits as long as the operating
# system lets a connection attempt hang, for ever on a server that accepted the connection but does not answer:
# a reconcile, or a fleet's worker, held by one dead target.
CONNECT_TIMEOUT = "10"


def with_connect_timeout(url: str) -> str:
    """``url`` (a URL or key=value string) with ``connect_timeout`` :data:`CONNECT_TIMEOUT`, unless it or
    ``PGCONNECT_TIMEOUT`` sets one: theirs is kept."""
    if os.environ.get("PGCONNECT_TIMEOUT") or re.search(r"(?:^|[?&\s])connect_timeout\s*=", url):
        return url
    if "://" not in url:
        return f"{url} connect_timeout={CONNECT_TIMEOUT}"
    return f"{url}{'&' if '?' in url else '?'}connect_timeout={CONNECT_TIMEOUT}"
