"""Fixtures: the real kopf operator, in-process, against kmock's emulator and the embedded PostgreSQL.

Every test gets a fresh emulated API server, a fresh database reached through a URL that carries a
password (a role of its own on the test server), the Secret holding that URL is created by the test, and a
log capture. After each test, the password and the URL must appear nowhere: not in any stored version of
any object (status, annotations, events) and not in any log line.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import kubernetes.client
import psycopg
import pytest
import pytest_asyncio
from _cluster import Cluster, Kubectl, start_operator, wait_for
from _target import PASSWORD, ROLE, Target
from kmock import Server
from psycopg import sql

from schemawright.connect.embedded import EmbeddedServer
from schemawright.guard import Overrides
from schemawright.operator.handlers import OperatorConfig
from schemawright.operator.kube import Kube
from schemawright.operator.model import Settings


@pytest.fixture(scope="session")
def operator_role(pg_server: EmbeddedServer) -> str:
    """A login role with a password (the server trusts local sockets, but the URL carries the password)."""
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (ROLE,)).fetchone()
        if not exists:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN SUPERUSER PASSWORD {}").format(
                    sql.Identifier(ROLE), sql.Literal(PASSWORD)
                )
            )
    return ROLE


@pytest.fixture
def target(make_database: Callable[[str], str], operator_role: str) -> Target:
    """A fresh database; ``url`` is what goes into the Secret (role and password included)."""
    admin = make_database("op")
    return Target(
        url=admin.replace("postgresql://postgres:@", f"postgresql://{operator_role}:{PASSWORD}@", 1), admin_url=admin
    )


@pytest.fixture
def make_targets(make_database: Callable[[str], str], operator_role: str) -> Callable[[int], list[Target]]:
    """``make_targets(n)``: n fresh databases (a fleet's), URLs with the operator role's password."""

    def make(count: int) -> list[Target]:
        made = []
        for n in range(count):
            admin = make_database(f"fleet{n}")
            made.append(
                Target(
                    url=admin.replace("postgresql://postgres:@", f"postgresql://{operator_role}:{PASSWORD}@", 1),
                    admin_url=admin,
                )
            )
        return made

    return make


@pytest.fixture
def captured_logs() -> Iterator[list[str]]:
    """Every log line written while the test runs (kopf's and ours), formatted."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect(level=logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield lines
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest_asyncio.fixture
async def cluster() -> AsyncIterator[tuple[Cluster, Server]]:
    """The emulated API server, listening on a local port."""
    async with Cluster() as emulator, Server(emulator) as server:
        emulator.setup()
        yield emulator, server


@pytest.fixture
def kubectl(cluster: tuple[Cluster, Server]) -> Kubectl:
    """kubectl against the emulated API server (namespace ``shop``)."""
    return Kubectl(*cluster)


def test_config(url: str) -> OperatorConfig:
    """Short delays and ticks so the scenarios run in seconds; the kubernetes client talks to ``url``."""
    return OperatorConfig(
        settings=Settings(
            retry_delay_s=0.3, busy_delay_s=0.3, progress_interval_s=0.1, overrides=Overrides(short_refresh=True)
        ),  # spec.refresh every few seconds
        kube=Kube(configuration=lambda: kubernetes.client.Configuration(host=url)),
        drift_tick_s=0.3,
        refresh_tick_s=0.3,
        max_retry_delay_s=1.0,
        workers=4,
        login=False,
    )


@pytest.fixture
def operator_run(cluster: tuple[Cluster, Server]) -> Callable[[], AbstractAsyncContextManager[None]]:
    """Runs of the real kopf operator: ``async with operator_run(): …`` starts one (it watches when the block
    starts) and stops it when the block ends; a second block is an operator restart."""
    emulator, server = cluster
    url = str(server.url).rstrip("/")

    @asynccontextmanager
    async def run() -> AsyncIterator[None]:
        watches = emulator.watches()
        stop, ready, thread = start_operator(url, test_config(url))
        try:
            await wait_for("kopf to start", ready.is_set, timeout=20)
            # The emulator replays existing objects on every watch (a real API server does not): create objects
            # only once kopf watches, so each is seen once.
            await wait_for("kopf to watch DatabaseSchemas", lambda: emulator.watches() > watches, timeout=20)
            yield
        finally:
            stop.set()
            await wait_for("kopf to stop", lambda: not thread.is_alive(), timeout=30)

    return run


@pytest_asyncio.fixture
async def operator(
    operator_run: Callable[[], AbstractAsyncContextManager[None]],
    target: Target,
    kubectl: Kubectl,
    captured_logs: list[str],
) -> AsyncIterator[Kubectl]:
    """The real kopf operator with the schemawright registry, running until the test ends."""
    async with operator_run():
        yield kubectl
    secrets = (PASSWORD, target.url, base64.b64encode(target.url.encode()).decode())
    leaks = [
        where
        for where, text in (("objects", kubectl.everything_written()), ("logs", "\n".join(captured_logs)))
        if any(secret in text for secret in secrets)
    ]
    assert not leaks, f"the database password or URL leaked into: {leaks}"
