"""The database an operator test reconciles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

ROLE = "sw_operator"
PASSWORD = "Pw-7f3c9e-not-for-logs"


@dataclass(frozen=True)
class Target:
    """The database a test reconciles: its URL with a password, and a plain admin URL for checks."""

    url: str
    admin_url: str

    def query(self, statement: str) -> list[tuple[Any, ...]]:
        """Run ``statement`` as the admin and return its rows (empty for DDL)."""
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            cursor = conn.execute(statement.encode())
            return list(cursor.fetchall()) if cursor.description else []

    def tables(self) -> set[str]:
        """The tables of schema public."""
        return {r[0] for r in self.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}

    def columns(self, table: str) -> list[str]:
        """The columns of ``public.table`` in order."""
        rows = self.query(
            f"SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
            f"AND table_name = '{table}' ORDER BY ordinal_position"
        )
        return [r[0] for r in rows]
