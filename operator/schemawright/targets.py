"""Where a command runs: the live database and the shadow server, from flags, the document, or the
embedded PostgreSQL (started on demand, stopped at exit)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from schemawright.embedded import EmbeddedServer, default_server
from schemawright.spec import DesiredSchema
from schemawright.urls import check_url, mask

EMBEDDED_DATABASE = "schemawright"


@dataclass(frozen=True)
class Targets:
    """The live database and the server that hosts shadow databases."""

    live_url: str
    shadow_server_url: str
    embedded: bool

    @property
    def description(self) -> str:
        """Where the live database is, credentials masked."""
        return "embedded PostgreSQL" + f" ({mask(self.live_url)})" if self.embedded else mask(self.live_url)


_server: EmbeddedServer | None = None


def embedded() -> EmbeddedServer:
    """The process's embedded server (one per process)."""
    global _server
    if _server is None:
        _server = default_server()
    return _server


def resolve(desired: DesiredSchema | None, database: str | None, shadow_url: str | None) -> Targets:
    """Flags first, then ``spec.database.urlFromEnv``, then the embedded server."""
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
        live_url=live or server.ensure_database(EMBEDDED_DATABASE),
        shadow_server_url=shadow_url or server.url("postgres"),
        embedded=live is None,
    )
