"""The embedded PostgreSQL a CLI process started is not left running after that process is killed (SIGKILL):
its watchdog stops it within seconds, and if the watchdog is gone too, the next command stops it on exit."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest
from _reliability import size

SHOP_V1 = str(Path(__file__).parents[2] / "examples" / "shop" / "v1" / "schema.yaml")
GONE_WITHIN_S = 60


def cli(home: Path, *args: str, failpoint: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SCHEMAWRIGHT_FAILPOINT", "SHOP_DATABASE_URL"}}
    env["SCHEMAWRIGHT_HOME"] = str(home)
    if failpoint:
        env["SCHEMAWRIGHT_FAILPOINT"] = failpoint
    return subprocess.run(
        [sys.executable, "-m", "schemawright", *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def postmaster(home: Path) -> int | None:
    """The embedded server's pid while it runs."""
    pidfile = home / "pgdata" / "postmaster.pid"
    try:
        pid = int(pidfile.read_text().splitlines()[0])
    except (OSError, IndexError, ValueError):
        return None
    return pid if psutil.pid_exists(pid) else None


def watchdogs(home: Path) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(attrs=["cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if "schemawright.connect.watchdog" in cmdline and str(home / "pgdata") in cmdline:
            found.append(proc)
    return found


def gone(check: Callable[[], bool], timeout: float = GONE_WITHIN_S) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def kill_mid_apply(home: Path) -> int:
    """Start an apply on the embedded server and SIGKILL it after its first step; returns the server's pid."""
    killed = cli(home, "apply", SHOP_V1, failpoint="after-step:1")
    assert killed.returncode == -signal.SIGKILL, killed.stdout[-2000:] + killed.stderr[-2000:]
    pid = postmaster(home)
    assert pid is not None, "the killed CLI had no server running"
    return pid


@pytest.fixture
def homes() -> Iterator[Path]:
    """A folder for SCHEMAWRIGHT_HOMEs outside pytest's tmp_path, whose parents a server running as another
    user (the wheel's, under root) cannot enter; removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="schemawright-homes-"))
    root.chmod(0o755)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def test_a_killed_cli_leaves_no_server_running(homes: Path, reliability: Callable[..., None]) -> None:
    rounds, stopped, slowest = size(2, 5), 0, 0.0
    for n in range(rounds):
        home = homes / f"home{n}"
        kill_mid_apply(home)
        started = time.monotonic()
        if gone(lambda home=home: postmaster(home) is None):  # type: ignore[misc]
            stopped += 1
            slowest = max(slowest, time.monotonic() - started)
    reliability(
        "faults.embedded-killed-cli",
        section="faults",
        title="CLI killed (SIGKILL) mid-apply: its embedded server stops by itself within a minute",
        unit="kills",
        tried=rounds,
        passed=stopped,
    )
    assert stopped == rounds, f"{rounds - stopped} of {rounds} servers still running after {GONE_WITHIN_S}s"
    print(f"slowest stop after the kill: {slowest:.1f}s")


def test_the_next_command_stops_a_server_a_killed_cli_left(homes: Path, reliability: Callable[..., None]) -> None:
    rounds, stopped = size(1, 3), 0
    for n in range(rounds):
        home = homes / f"home{n}"
        kill_mid_apply(home)
        for proc in watchdogs(home):  # the worst case: the watchdog was killed too
            proc.kill()
        time.sleep(0.5)
        assert postmaster(home) is not None
        status = cli(home, "status", SHOP_V1)
        assert status.returncode == 0, status.stdout[-2000:] + status.stderr[-2000:]
        assert "running" in status.stdout  # the journal of the killed apply, read from that same server
        if gone(lambda home=home: postmaster(home) is None):  # type: ignore[misc]
            stopped += 1
    reliability(
        "faults.embedded-next-command",
        section="faults",
        title="CLI and its watchdog killed: the next command stops the embedded server on exit",
        unit="kills",
        tried=rounds,
        passed=stopped,
    )
    assert stopped == rounds


@pytest.fixture(autouse=True)
def _runtime_dir() -> None:
    os.environ.setdefault("XDG_RUNTIME_DIR", f"/tmp/xdg-{os.getuid()}")
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True)
