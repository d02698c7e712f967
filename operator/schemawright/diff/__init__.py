"""Differs: compute the raw DDL that turns a live database into the shadow (desired) one.

The planner never trusts a differ's output blindly: it re-classifies and rewrites every statement.
"""

from schemawright.diff.base import Differ
from schemawright.diff.migra import MigraDiffer

__all__ = ["Differ", "MigraDiffer", "default_differ"]


def default_differ() -> Differ:
    """The differ schemawright uses unless told otherwise."""
    return MigraDiffer()
