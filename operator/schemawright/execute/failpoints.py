"""Crash injection for the crash-resume tests: ``SCHEMAWRIGHT_FAILPOINT=after-step:3`` (or
``after-batch:2``, ``before-step:5``, ``before-done:4``: a step outside a transaction ran, the journal not
told) kills the applying process with SIGKILL at that moment, exactly like
``kill -9`` would. Unset in normal use; reading an environment variable costs nothing."""

from __future__ import annotations

import os
import signal

ENV = "SCHEMAWRIGHT_FAILPOINT"


def hit(name: str, count: int) -> None:
    """Kill this process if the failpoint ``name:count`` is armed."""
    armed = os.environ.get(ENV)
    if armed and armed == f"{name}:{count}":
        os.kill(os.getpid(), signal.SIGKILL)
