"""``python -m schemawright.connect.watchdog PGDATA PID``: stop the embedded server at PGDATA once process PID
is gone and no other live process uses the server.

Started detached by :func:`schemawright.connect.embedded.start_watchdog`. A CLI killed with ``SIGKILL`` runs no exit
handler; without this its server would keep running until someone stopped it by hand.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from schemawright.connect.embedded import _alive, _server_lock, fast_shutdown, forget_dead_handles

POLL_S = 1.0


def stop_if_unused(pgdata: Path) -> bool:
    """Stop the server when no live process holds a handle on it; True if it was stopped here."""
    with _server_lock():
        if forget_dead_handles(pgdata) or not (pgdata / "postmaster.pid").exists():
            return False
        try:
            fast_shutdown(pgdata)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            return False  # already stopped by its owner's exit handler, or not ours to stop
        return True


def watch(pgdata: Path, pid: int) -> None:
    """Wait for ``pid`` to end, then stop the server if nobody else uses it."""
    while _alive(pid):
        time.sleep(POLL_S)
    stop_if_unused(pgdata)


if __name__ == "__main__":
    watch(Path(sys.argv[1]), int(sys.argv[2]))
