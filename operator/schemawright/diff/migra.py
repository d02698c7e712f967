"""The migra adapter (SQLAlchemy + psycopg 3 through ``postgresql+psycopg://`` URLs)."""

from __future__ import annotations

import copy
import functools
import inspect
import pickle
import re
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import Any

from schemawright.diff import inspections, partitions
from schemawright.errors import DatabaseError


def sqlalchemy_url(url: str) -> str:
    """A libpq URL in the form SQLAlchemy needs to use psycopg 3 (never psycopg2)."""
    return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql+psycopg://", url)


class MigraDiffer:
    """Runs ``migra.Migration(live, desired)`` once per managed schema, with safety off.

    Extension changes are left out: extensions are server-wide and the planner handles them from the
    document's allow-listed ``extensions``. The inspection of a kept shadow template is read from the cache
    (diff/inspections.py) when an earlier plan kept it; the live database is always inspected. Privileges are
    left out: the planner compares them itself (plan/gaps.py).
    """

    name = "migra"

    def diff(self, live_url: str, desired_url: str, schemas: Sequence[str]) -> list[str]:
        """Raw migra statements, schema by schema."""
        with _frames_only_stack():
            from migra import Migration
        from schemainspect import DBInspector
        from sqlalchemy import create_engine, text
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
                    identity = desired.execute(text(inspections.IDENTITY_QUERY)).one()
                    for schema in schemas:
                        key = inspections.key(tuple(identity), "migra", (schema,), versions=_library_versions())
                        kept = inspections.load(key)
                        migration = Migration(live, kept if isinstance(kept, DBInspector) else desired, schema=schema)
                        if not isinstance(kept, DBInspector):
                            inspections.store(key, _detached(migration.changes.i_target))
                        migration.set_safety(False)
                        target = migration.changes.i_target
                        partitions.align_partition_parents(migration.changes.i_from, target)
                        migration.add_all_changes(privileges=False)
                        statements += partitions.print_partitioned_partitions(
                            [s.strip() for s in migration.statements if s.strip()], desired, target
                        )
        except Exception as exc:  # SQLAlchemy wraps every driver error differently
            raise DatabaseError(f"migra could not compare the databases: {type(exc).__name__}: {exc}") from exc
        finally:
            for engine in engines:
                engine.dispose()
        return [s for s in statements if not _is_extension_statement(s)]


def _detached(inspector: object) -> bytes:
    """A migra inspector pickled without its connection, engine and dialect (it only needs its data to be
    compared), before the comparison touches it."""
    data = copy.copy(inspector)
    for attribute in ("c", "engine", "dialect"):
        setattr(data, attribute, None)
    return pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)


@functools.cache
def _library_versions() -> tuple[str, ...]:
    """migra's and schemainspect's versions: a kept inspector is only read by the library that wrote it."""
    from importlib.metadata import version

    return tuple(f"{name}={version(name)}" for name in ("migra", "schemainspect", "sqlalchemy"))


def _is_extension_statement(statement: str) -> bool:
    return bool(re.match(r"^(create|drop|alter) extension\b", statement, re.IGNORECASE))


@contextmanager
def _frames_only_stack() -> Iterator[None]:
    """While migra is first imported: ``inspect.stack()`` without source context.

    schemainspect finds its SQL files by calling ``inspect.stack()`` (17 times at import) and reading only each
    entry's frame; the full stack resolves every frame's module and source lines by scanning ``sys.modules``,
    seconds in a process that has loaded many modules (the largest single cost of a plan in bench/run.py).
    """
    if "schemainspect" in sys.modules:
        yield
        return
    original = inspect.stack

    def stack(context: int = 1) -> list[Any]:
        frames: list[tuple[FrameType]] = []
        frame: FrameType | None = sys._getframe(1)
        while frame is not None:
            frames.append((frame,))
            frame = frame.f_back
        return frames

    inspect.stack = stack
    try:
        yield
    finally:
        inspect.stack = original
