"""The migra adapter (SQLAlchemy + psycopg 3 through ``postgresql+psycopg://`` URLs)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence

from schemawright.errors import DatabaseError


def sqlalchemy_url(url: str) -> str:
    """A libpq URL in the form SQLAlchemy needs to use psycopg 3 (never psycopg2)."""
    return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql+psycopg://", url)


class MigraDiffer:
    """Runs ``migra.Migration(live, desired)`` once per managed schema, with safety off.

    Extension changes are left out: extensions are server-wide and the planner handles them from the
    document's allow-listed ``extensions``. Privileges are left out: grants belong to the platform.
    """

    name = "migra"

    def diff(self, live_url: str, desired_url: str, schemas: Sequence[str]) -> list[str]:
        """Raw migra statements, schema by schema."""
        from migra import Migration
        from sqlalchemy import create_engine
        from sqlalchemy.orm import Session
        from sqlalchemy.pool import NullPool

        statements: list[str] = []
        # Own engines without a pool (sqlbag's S() caches one pooled engine per URL forever: stale connections
        # to re-created databases, and a leak of one engine per shadow database in a long-running operator).
        engines = [create_engine(sqlalchemy_url(url), poolclass=NullPool) for url in (live_url, desired_url)]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with Session(engines[0]) as live, Session(engines[1]) as desired:
                    for schema in schemas:
                        migration = Migration(live, desired, schema=schema)
                        migration.set_safety(False)
                        migration.add_all_changes(privileges=False)
                        statements += [s.strip() for s in migration.statements if s.strip()]
        except Exception as exc:  # SQLAlchemy wraps every driver error differently
            raise DatabaseError(f"migra could not compare the databases: {type(exc).__name__}: {exc}") from exc
        finally:
            for engine in engines:
                engine.dispose()
        return [s for s in statements if not _is_extension_statement(s)]


def _is_extension_statement(statement: str) -> bool:
    return bool(re.match(r"^(create|drop|alter) extension\b", statement, re.IGNORECASE))
