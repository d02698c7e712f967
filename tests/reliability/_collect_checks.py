"""A pytest plugin for scripts/reliability_report.py (``-p _collect_checks``): after collection, write the node
ids of the tests that record reliability figures (those using the ``reliability`` fixture) to the file named by
``SCHEMAWRIGHT_RELIABILITY_NODES``."""

from __future__ import annotations

import os

import pytest


def pytest_collection_finish(session: pytest.Session) -> None:
    """Write the node ids (one a line) of the collected tests that use the ``reliability`` fixture."""
    out = os.environ.get("SCHEMAWRIGHT_RELIABILITY_NODES")
    if not out:
        return
    nodes = [item.nodeid for item in session.items if "reliability" in getattr(item, "fixturenames", ())]
    with open(out, "w", encoding="utf-8") as handle:
        handle.write("".join(f"{node}\n" for node in nodes))
