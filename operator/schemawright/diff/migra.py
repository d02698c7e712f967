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
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any, BinaryIO

from schemawright.connect.db import SESSION_SETUP
from schemawright.diff import collations, inspections, partitions
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

    def inspect(self, url: str, schemas: Sequence[str], *, content: str = "") -> dict[str, Any]:
        """schemainspect's inspector of each of ``schemas`` in the database at ``url`` (plain data once taken:
        comparing them needs no connection). A kept shadow template's, or a database's whose ``content`` is
        named, are read from the cache, and kept there the first time. schemainspect reads the whole database
        whatever the schema, so it is read once and cut per schema."""
        with _importing_migra():
            from migra import Migration  # noqa: F401  (imports schemainspect with the cheap stack)
        from schemainspect import DBInspector
        from sqlalchemy import create_engine, event, text
        from sqlalchemy.orm import Session
        from sqlalchemy.pool import NullPool

        found: dict[str, Any] = {}
        # An own engine without a pool (sqlbag's S() caches one pooled engine per URL forever: stale connections
        # to re-created databases, and a leak of one engine per shadow database in a long-running operator).
        engine = create_engine(sqlalchemy_url(url), poolclass=NullPool)
        event.listen(engine, "connect", _set_up_session)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with Session(engine) as session:
                    identity = tuple(session.execute(text(inspections.IDENTITY_QUERY)).one())
                    keys = {
                        schema: inspections.key(
                            identity,
                            "migra",
                            (schema,),
                            code=("diff/collations.py", "diff/migra.py"),
                            versions=_library_versions(),
                            content=content,
                        )
                        for schema in schemas
                    }
                    for schema, key in keys.items():
                        kept = inspections.load(key)
                        if isinstance(kept, DBInspector):
                            found[schema] = kept
                    missing = [schema for schema in schemas if schema not in found]
                    whole = _whole_database(session) if missing else None
                    for schema in missing:
                        found[schema] = _one_schema(whole, schema)
                        inspections.store(keys[schema], functools.partial(_detached, found[schema]))
        except Exception as exc:  # SQLAlchemy wraps every driver error differently
            raise DatabaseError(f"migra could not inspect a database: {type(exc).__name__}: {exc}") from exc
        finally:
            engine.dispose()
        return found

    def diff(
        self,
        live_url: str,
        desired_url: str,
        schemas: Sequence[str],
        *,
        live: object | None = None,
        desired: object | None = None,
    ) -> list[str]:
        """Raw migra statements, schema by schema; ``live`` and ``desired`` are :meth:`inspect`'s readings of the
        two databases when the caller took them ahead (each is read here otherwise)."""
        with _importing_migra():
            from migra import Migration

        live_inspectors = live if isinstance(live, dict) else self.inspect(live_url, schemas)
        desired_inspectors = desired if isinstance(desired, dict) else self.inspect(desired_url, schemas)
        statements: list[str] = []
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for schema in schemas:
                    migration = Migration(live_inspectors[schema], desired_inspectors[schema], schema=schema)
                    migration.set_safety(False)
                    target = migration.changes.i_target
                    partitions.align_partition_parents(migration.changes.i_from, target)
                    migration.add_all_changes(privileges=False)
                    statements += partitions.print_partitioned_partitions(
                        [s.strip() for s in migration.statements if s.strip()], desired_url, target
                    )
        except DatabaseError:
            raise
        except Exception as exc:  # SQLAlchemy wraps every driver error differently
            raise DatabaseError(f"migra could not compare the databases: {type(exc).__name__}: {exc}") from exc
        return [s for s in statements if not _is_extension_statement(s)]


def _whole_database(session: Any) -> Any:
    """schemainspect's reading of every schema of the database ``session`` is connected to, its columns'
    collations qualified (diff/collations.py)."""
    from schemainspect import get_inspector
    from sqlalchemy import text

    whole = get_inspector(session)
    collations.qualify(whole, [tuple(row) for row in session.execute(text(collations.COLUMN_COLLATIONS))])
    return whole


def _set_up_session(connection: Any, _record: object) -> None:
    """Run :data:`~schemawright.connect.db.SESSION_SETUP` on a new connection of migra's engine (committed: the
    engine's connections are not in autocommit)."""
    connection.execute(SESSION_SETUP)
    connection.commit()


def _one_schema(whole: Any, schema: str) -> Any:
    """``whole`` cut to ``schema``, as ``get_inspector(…, schema=…)`` would read it: a shallow copy whose
    collections are replaced, not changed, by ``one_schema`` (``whole`` keeps every schema)."""
    inspector = copy.copy(whole)
    inspector.one_schema(schema)
    return inspector


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
def _importing_migra() -> Iterator[None]:
    """While migra is first imported: ``inspect.stack()`` without source context, and a stand-in for
    ``pkg_resources``.

    schemainspect finds its SQL files by calling ``inspect.stack()`` (17 times at import) and reading only each
    entry's frame; the full stack resolves every frame's module and source lines by scanning ``sys.modules``,
    seconds in a process that has loaded many modules (the largest single cost of a plan in bench/run.py).

    It then opens them with setuptools' ``pkg_resources.resource_stream``, which is missing wherever setuptools
    is not installed (a virtual environment of Python ≥ 3.12 has none: importing migra failed there) and takes
    0.1 s to import where it is. schemainspect reads every file at import, so the stand-in is gone afterwards.
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

    stand_in = ModuleType("pkg_resources")
    stand_in.resource_stream = _resource_stream  # type: ignore[attr-defined]
    lent = "pkg_resources" not in sys.modules
    if lent:
        sys.modules["pkg_resources"] = stand_in
    inspect.stack = stack
    try:
        yield
    finally:
        inspect.stack = original
        if lent and sys.modules.get("pkg_resources") is stand_in:
            del sys.modules["pkg_resources"]


def _resource_stream(module: str, path: str) -> BinaryIO:
    """``pkg_resources.resource_stream``: the file ``path`` beside the imported module ``module``."""
    return (Path(sys.modules[module].__file__ or "").parent / path).open("rb")
