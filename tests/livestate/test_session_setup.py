"""schemawright's sessions read catalogs without JIT (connect/db.py, ``SESSION_SETUP``): on a server with LLVM, a
catalog query over a schema just changed by a big apply is compiled before it runs, 4-6 times the query itself
(the fingerprint of 1000 tables on PostgreSQL 15: 0.57-0.90 s against 0.12-0.18 s)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from schemawright.connect.db import connect
from schemawright.diff import MigraDiffer
from schemawright.diff import migra as migra_adapter


def test_the_engines_sessions_and_migras_run_without_jit(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with connect(database_url) as conn:
        assert conn.execute("SHOW jit").fetchone() == ("off",)

    seen: list[str] = []
    read = migra_adapter._whole_database

    def whole_database(session: object) -> object:
        seen.append(session.execute(text("SHOW jit")).scalar())  # type: ignore[attr-defined]
        return read(session)

    monkeypatch.setenv("SCHEMAWRIGHT_CACHE", "off")  # read from the database, not from an earlier plan's reading
    monkeypatch.setattr(migra_adapter, "_whole_database", whole_database)
    MigraDiffer().inspect(database_url, ("public",))
    assert seen == ["off"]
