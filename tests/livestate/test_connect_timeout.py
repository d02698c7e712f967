"""A server that accepts the connection but never answers (a hung host, a stuck proxy) costs a connect timeout,
not a reconcile held for ever: every first connection to a database (the live one, the quick no-op answer's, the
shadow server's) gives up after ``CONNECT_TIMEOUT`` seconds unless the URL or PGCONNECT_TIMEOUT says otherwise."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator

import pytest

from schemawright.connect import urls
from schemawright.connect.db import connect
from schemawright.errors import DatabaseUnreachable, ShadowUnavailable
from schemawright.livestate.quick import answer
from schemawright.shadow.build import connect_admin


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A URL of a server that completes the TCP handshake (the kernel does) and then says nothing."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"postgresql://app@127.0.0.1:{listener.getsockname()[1]}/shop?sslmode=disable"


def _gives_up_within(seconds: float, attempt: Callable[[], object]) -> None:
    start = time.monotonic()
    attempt()
    assert time.monotonic() - start < seconds


def test_a_server_that_never_answers_costs_the_connect_timeout(
    silent_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGCONNECT_TIMEOUT", raising=False)
    monkeypatch.setattr(urls, "CONNECT_TIMEOUT", "2")  # libpq's least

    def live() -> None:
        with pytest.raises(DatabaseUnreachable, match="timeout"):
            connect(silent_server)

    def shadow() -> None:
        with pytest.raises(ShadowUnavailable, match="cannot reach the shadow server"):
            connect_admin(silent_server)

    _gives_up_within(5, live)
    _gives_up_within(5, shadow)
    _gives_up_within(5, lambda: answer(silent_server, "src1:key", "schema.yaml"))  # None: the full path says why


def test_the_urls_own_timeout_wins(silent_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGCONNECT_TIMEOUT", raising=False)
    monkeypatch.setattr(urls, "CONNECT_TIMEOUT", "600")

    def live() -> None:
        with pytest.raises(DatabaseUnreachable):
            connect(silent_server + "&connect_timeout=2")

    _gives_up_within(5, live)
    # in every spelling of a connection string; PGCONNECT_TIMEOUT, which libpq reads, counts as the user's
    assert urls.with_connect_timeout("postgresql://h/db") == "postgresql://h/db?connect_timeout=600"
    assert urls.with_connect_timeout("postgresql://h/db?sslmode=require") == (
        "postgresql://h/db?sslmode=require&connect_timeout=600"
    )
    assert urls.with_connect_timeout("host=h dbname=db") == "host=h dbname=db connect_timeout=600"
    assert urls.with_connect_timeout("host=h connect_timeout = 3") == "host=h connect_timeout = 3"
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "3")
    assert urls.with_connect_timeout("postgresql://h/db") == "postgresql://h/db"
