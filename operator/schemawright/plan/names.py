"""Naming helpers: PostgreSQL identifiers are at most 63 bytes, and temporary names must not collide."""

from __future__ import annotations

import hashlib

from psycopg import sql

from schemawright.inspect.limits import MAX_IDENTIFIER_BYTES as MAX_IDENTIFIER


def bounded(name: str) -> str:
    """``name`` cut to 63 bytes, with a short hash so two long names stay distinct."""
    if len(name.encode()) <= MAX_IDENTIFIER:
        return name
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    return name.encode()[: MAX_IDENTIFIER - 9].decode(errors="ignore") + "_" + digest


def temporary(name: str, purpose: str) -> str:
    """A schemawright-owned temporary name, e.g. ``orders_status_idx__sw_new``."""
    return bounded(f"{name}__sw_{purpose}")


def ident(*parts: str) -> str:
    """A quoted (optionally qualified) identifier."""
    return sql.Identifier(*parts).as_string(None)


def qualified(parts: list[str], schema: str) -> tuple[str, str]:
    """(schema, name) of a possibly qualified name's parts (``[name]``, ``[schema, name]`` or with a database
    first), the default ``schema`` filled in."""
    return (parts[-2], parts[-1]) if len(parts) >= 2 else (schema, parts[-1])


def literal(value: str) -> str:
    """A quoted SQL string literal."""
    return sql.Literal(value).as_string(None)
