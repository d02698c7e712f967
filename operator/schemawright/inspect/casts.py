"""Column type changes PostgreSQL cannot make in place: no cast from the old type to the new one.

A type change runs as ``ALTER COLUMN … TYPE new USING column::new``; when PostgreSQL has no cast between the two
(``bigint`` → ``uuid``, ``integer`` → ``inet``), that step fails when it runs, after the plan's earlier steps have
changed the live database. Whether the cast exists is the server's own question, asked before anything runs:
``SELECT NULL::old::new`` reads nothing and changes nothing. A type the live database does not have yet (created
by the plan) makes the answer unknown, and the change is left to the plan. One enum to another goes through
``text``, as the plan converts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from schemawright.inspect.catalog import Catalog, QualifiedName

_CANNOT_COERCE = "42846"


@dataclass(frozen=True)
class MissingCast:
    """A column whose type changes between two types without a cast."""

    table: QualifiedName
    column: str
    old: str
    new: str


def missing_casts(conn: psycopg.Connection[Any], live: Catalog, desired: Catalog) -> list[MissingCast]:
    """The columns of both catalogs whose type changes with no cast from the live type to the desired one, asked
    of the live database over ``conn`` (an autocommit connection: each question is a statement of its own)."""
    changes = sorted(
        (name, column, was.type, after.type)
        for name, table in desired.tables.items()
        if (before := live.tables.get(name)) is not None
        for column, after in table.columns.items()
        if (was := before.columns.get(column)) is not None and was.type != after.type
    )
    missing = []
    answers: dict[tuple[str, str], bool] = {}
    old_enums, new_enums = _spellings(live.enums), _spellings(desired.enums)
    for name, column, old, new in changes:
        if (old, new) not in answers:
            # enum to enum goes through text (migra's USING c::text::new): a label of the old that the new has
            via = "text" if old in old_enums and new in new_enums else None
            answers[(old, new)] = _castable(conn, old, new, via=via)
        if not answers[(old, new)]:
            missing.append(MissingCast(name, column, old, new))
    return missing


def _spellings(types: dict[QualifiedName, Any]) -> set[str]:
    """The ways format_type() may print the names of ``types``."""
    return {spelling for s, n in types for spelling in (f"{s}.{n}", n, f'"{s}"."{n}"', f'{s}."{n}"', f'"{n}"')}


def _castable(conn: psycopg.Connection[Any], old: str, new: str, *, via: str | None = None) -> bool:
    """False only when the server says there is no cast from ``old`` to ``new`` (format_type() spellings), through
    ``via`` when given."""
    try:
        with conn.transaction():
            conn.execute("SET TRANSACTION READ ONLY")  # a cast function of the live database's own writes nothing
            conn.execute(f"SELECT NULL::{old}{f'::{via}' if via else ''}::{new}".encode())
    except psycopg.Error as exc:
        return exc.sqlstate != _CANNOT_COERCE
    return True
