"""Connections schemawright opens for its own work: autocommit, named, errors with the password masked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schemawright.connect.urls import mask, with_connect_timeout
from schemawright.errors import DatabaseUnreachable

if TYPE_CHECKING:
    import psycopg

APPLICATION_NAME = "schemawright"
# Run first in every session that reads catalogs. Its queries cover every object of the managed schemas; until
# autovacuum has analysed the catalogs after a big change (the reconcile right after an apply) they pass
# jit_above_cost, but none runs long enough to pay back the compilation: on PostgreSQL 15 with LLVM, the live
# fingerprint of 1000 tables just created took 0.57-0.90 s with JIT, 0.12-0.18 s without. A SET rather than a
# startup option, which PgBouncer refuses, and which would replace the URL's own options or PGOPTIONS.
SESSION_SETUP = "SET jit = off"


def connect(url: str) -> psycopg.Connection[tuple[Any, ...]]:
    """An autocommit connection (:data:`SESSION_SETUP` run), or a :class:`DatabaseUnreachable` that never shows
    the password."""
    import psycopg  # here, not above: the command line's no-op answer uses APPLICATION_NAME without the driver

    try:
        conn = psycopg.connect(with_connect_timeout(url), autocommit=True, application_name=APPLICATION_NAME)
    except psycopg.Error as exc:
        raise DatabaseUnreachable(f"cannot connect to {mask(url)}: {mask(str(exc).strip())}") from exc
    try:
        conn.execute(SESSION_SETUP)
    except BaseException:
        conn.close()
        raise
    return conn
