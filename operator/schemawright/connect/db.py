"""Connections schemawright opens for its own work: autocommit, named, errors with the password masked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schemawright.connect.urls import mask
from schemawright.errors import DatabaseUnreachable

if TYPE_CHECKING:
    import psycopg

APPLICATION_NAME = "schemawright"


def connect(url: str) -> psycopg.Connection[tuple[Any, ...]]:
    """An autocommit connection, or a :class:`DatabaseUnreachable` that never shows the password."""
    import psycopg  # here, not above: the command line's no-op answer uses APPLICATION_NAME without the driver

    try:
        return psycopg.connect(url, autocommit=True, application_name=APPLICATION_NAME)
    except psycopg.Error as exc:
        raise DatabaseUnreachable(f"cannot connect to {mask(url)}: {mask(str(exc).strip())}") from exc
