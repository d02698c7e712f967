"""Shared fixtures: one real embedded PostgreSQL 18 per test worker, a fresh database per test."""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Callable, Iterator

import psycopg
import pytest

from schemawright.connect.embedded import EmbeddedServer, temporary_server
from schemawright.plan.operations import audit_against_classifier

_counter = itertools.count()
# Caches of validation verdicts and template inspections (schemawright/cachedir.py): on, as for users, but in a
# folder of this test run's own (subprocesses inherit it), never the user's ~/.cache.
os.environ.setdefault("SCHEMAWRIGHT_CACHE", tempfile.mkdtemp(prefix="schemawright-cache-"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[EmbeddedServer]:
    """The embedded server this test worker uses (started once, deleted at the end), in RAM where the machine has
    a RAM filesystem (connect/embedded.py: file creation after drops is slow on some disks)."""
    with temporary_server(in_memory=True) as server:
        yield server


@pytest.fixture
def shadow_roles(pg_server: EmbeddedServer) -> Callable[[], dict[str, tuple[bool, list[str]]]]:
    """Every shadow role on the server, when called: whether it can log in, and the databases it owns."""

    def roles() -> dict[str, tuple[bool, list[str]]]:
        with psycopg.connect(pg_server.url(), autocommit=True) as conn:
            rows = conn.execute(
                "SELECT r.rolname, r.rolcanlogin, array_remove(array_agg(d.datname::text), NULL) FROM pg_roles r"
                " LEFT JOIN pg_database d ON d.datdba = r.oid WHERE r.rolname LIKE 'schemawright\\_shadow\\_%'"
                " GROUP BY 1, 2"
            ).fetchall()
        return {str(name): (bool(login), list(owned)) for name, login, owned in rows}

    return roles


@pytest.fixture
def make_database(pg_server: EmbeddedServer) -> Iterator[Callable[[str], str]]:
    """Create fresh, uniquely named databases; returns their URLs. Dropped after the test."""
    created: list[str] = []

    def make(prefix: str = "t") -> str:
        name = f"{prefix}_{next(_counter)}"
        created.append(name)
        pg_server.drop_database(name)
        return pg_server.ensure_database(name)

    yield make
    for name in created:
        pg_server.drop_database(name)


@pytest.fixture
def database_url(make_database: Callable[[str], str]) -> str:
    """One fresh empty database for the test."""
    return make_database("db")


@pytest.fixture(autouse=True)
def _explicit_effects_match_the_classifier() -> Iterator[None]:
    """Every statement the planner writes states its lock and hazards; each must be what the classifier would
    have made of its SQL (this keeps the explicit values honest across every test that plans)."""
    with audit_against_classifier() as mismatches:
        yield
    assert not mismatches, "stated effects differ from the classifier's:\n" + "\n".join(mismatches)
