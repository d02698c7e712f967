"""The vocabulary a plan is explained in: hazards and PostgreSQL lock levels."""

from __future__ import annotations

from enum import StrEnum


class Hazard(StrEnum):
    """What a step may do to a live database, besides what it is meant to do."""

    ACCESS_EXCLUSIVE_LOCK = "ACCESS_EXCLUSIVE_LOCK"  # blocks reads and writes while held (and while queued)
    BLOCKS_WRITES = "BLOCKS_WRITES"  # a SHARE-level lock held for a scan or build
    TABLE_REWRITE = "TABLE_REWRITE"  # a new relfilenode: the whole table is copied under an exclusive lock
    VALIDATION_SCAN = "VALIDATION_SCAN"  # reads every row to validate a constraint
    INDEX_BUILD = "INDEX_BUILD"  # reads every row to build an index
    BACKFILL = "BACKFILL"  # updates existing rows (in batches)
    DELETES_DATA = "DELETES_DATA"  # rows or column values are gone afterwards
    IRREVERSIBLE = "IRREVERSIBLE"  # no rollback statement can restore the previous state
    BREAKS_CLIENTS = "BREAKS_CLIENTS"  # a name the running application may use disappears
    UNCLASSIFIED = "UNCLASSIFIED"  # a statement kind the classifier does not know: assumed the worst


class Lock(StrEnum):
    """PostgreSQL table-level lock modes, weakest first (plus NONE)."""

    NONE = "NONE"
    ACCESS_SHARE = "ACCESS SHARE"
    ROW_SHARE = "ROW SHARE"
    ROW_EXCLUSIVE = "ROW EXCLUSIVE"
    SHARE_UPDATE_EXCLUSIVE = "SHARE UPDATE EXCLUSIVE"
    SHARE = "SHARE"
    SHARE_ROW_EXCLUSIVE = "SHARE ROW EXCLUSIVE"
    EXCLUSIVE = "EXCLUSIVE"
    ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE"

    @property
    def blocks_writes(self) -> bool:
        """True for SHARE and stronger: INSERT/UPDATE/DELETE wait while it is held."""
        return _ORDER.index(self) >= _ORDER.index(Lock.SHARE)

    def strongest(self, other: Lock) -> Lock:
        """The stronger of two locks."""
        return self if _ORDER.index(self) >= _ORDER.index(other) else other


_ORDER = list(Lock)

LONG_HOLD = frozenset({Hazard.TABLE_REWRITE, Hazard.VALIDATION_SCAN, Hazard.INDEX_BUILD})


def held_lock_hazard(lock: Lock, hazards: set[Hazard] | frozenset[Hazard]) -> Hazard | None:
    """The hazard of holding ``lock`` for the whole of a long read or rewrite, if it matters to traffic."""
    if not hazards & LONG_HOLD:
        return None
    if lock is Lock.ACCESS_EXCLUSIVE:
        return Hazard.ACCESS_EXCLUSIVE_LOCK
    return Hazard.BLOCKS_WRITES if lock.blocks_writes else None
