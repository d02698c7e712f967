"""Where a command runs: the live database and the shadow server, from flags, the document, or the
embedded PostgreSQL (started on demand, stopped at exit)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from schemawright.connect.urls import check_url, database_name, mask

if TYPE_CHECKING:  # the no-op path of `plan` describes its target without starting or importing either
    from schemawright.connect.embedded import EmbeddedServer
    from schemawright.spec import DesiredSchema

EMBEDDED_DATABASE = "schemawright"  # the embedded database when there is no document to name one


def embedded_database_name(name: str) -> str:
    """The embedded database for a document named ``name`` (``metadata.name``, or a .sql file's stem).

    One database per document, so planning one project never proposes dropping another one's tables.
    """
    cleaned = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_")[:63]
    return cleaned or EMBEDDED_DATABASE


@dataclass(frozen=True)
class Targets:
    """The live database and the server that hosts shadow databases."""

    live_url: str
    shadow_server_url: str
    embedded: bool

    @property
    def database(self) -> str:
        """The name of the live database."""
        return database_name(self.live_url)

    @property
    def description(self) -> str:
        """Which database is targeted and where, credentials masked."""
        if self.embedded:
            return f"database {self.database} on the embedded PostgreSQL ({mask(self.live_url)})"
        return f"database {self.database} at {mask(self.live_url)}"


_server: EmbeddedServer | None = None


def embedded() -> EmbeddedServer:
    """The process's embedded server (one per process)."""
    global _server
    if _server is None:
        from schemawright.connect.embedded import default_server

        _server = default_server()
    return _server


def resolve(
    desired: DesiredSchema | None, database: str | None, shadow_url: str | None, *, name: str | None = None
) -> Targets:
    """Flags first, then ``spec.database.urlFromEnv``, then the embedded server, in a database named after
    the document (``name`` stands in when there is no document, e.g. for a saved plan)."""
    live = database
    if live is None and desired is not None and desired.database.url_from_env:
        # An unset variable means "no database here": the embedded server stands in (a laptop, CI).
        live = os.environ.get(desired.database.url_from_env) or None
    if live is not None:
        check_url(live, field="--database")
    if shadow_url is not None:
        check_url(shadow_url, field="--shadow-url")
    if live is not None and shadow_url is not None:
        return Targets(live, shadow_url, embedded=False)
    server = embedded()
    return Targets(
        live_url=live or server.ensure_database(embedded_database_name(desired.name if desired else name or "")),
        shadow_server_url=shadow_url or server.url("postgres"),
        embedded=live is None,
    )
