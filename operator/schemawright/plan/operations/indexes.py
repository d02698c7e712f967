"""Index statements the planner writes: build (concurrently or not), drop, attach to a parent, rename."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Hazard, Lock
from schemawright.classify.statements import Classification, settle
from schemawright.inspect.catalog import Catalog, QualifiedName
from schemawright.plan.operations.base import Action


def _table_of(index: QualifiedName, live: Catalog) -> QualifiedName | None:
    """The live table an existing index belongs to (its lock is the one that matters)."""
    found = live.indexes.get(index)
    return (found.schema, found.table) if found else None


@dataclass(frozen=True, kw_only=True)
class CreateIndex(Action):
    """``CREATE [UNIQUE] INDEX [CONCURRENTLY]``: reads every row of ``table``; SHARE (writes wait) or, built
    concurrently, SHARE UPDATE EXCLUSIVE outside a transaction."""

    table: QualifiedName
    name: QualifiedName
    unique: bool = False
    concurrent: bool = False

    @classmethod
    def of(cls, sql: str, node: pb.Node, schema: str) -> CreateIndex:
        """The action of an index statement node (``sql`` is its text)."""
        index = node.index_stmt
        table = (index.relation.schemaname or schema, index.relation.relname)
        return cls(
            sql=sql, table=table, name=(table[0], index.idxname), unique=index.unique, concurrent=index.concurrent
        )

    def effect(self, live: Catalog, desired: Catalog) -> Classification:
        """SHARE (or SHARE UPDATE EXCLUSIVE, concurrently) and an index build on the table."""
        kind = "CREATE " + ("UNIQUE " if self.unique else "") + "INDEX" + (" CONCURRENTLY" if self.concurrent else "")
        lock = Lock.SHARE_UPDATE_EXCLUSIVE if self.concurrent else Lock.SHARE
        return settle(kind, lock, {Hazard.INDEX_BUILD}, self.table, live, transactional=not self.concurrent)

    def done(self, live: Catalog) -> bool:
        """Built and valid (an INVALID leftover of an interrupted build is not done)."""
        index = live.indexes.get(self.name)
        return bool(index and index.valid)


@dataclass(frozen=True, kw_only=True)
class DropIndex(Action):
    """``DROP INDEX [CONCURRENTLY] [IF EXISTS]``: an index can be rebuilt from its definition, so it is neither
    irreversible nor breaking; ACCESS EXCLUSIVE on its table, or SHARE UPDATE EXCLUSIVE concurrently."""

    name: QualifiedName
    concurrent: bool = False

    def effect(self, live: Catalog, desired: Catalog) -> Classification:
        """The drop's lock on the index's live table."""
        kind = "DROP INDEX" + (" CONCURRENTLY" if self.concurrent else "")
        lock = Lock.SHARE_UPDATE_EXCLUSIVE if self.concurrent else Lock.ACCESS_EXCLUSIVE
        return settle(
            kind, lock, set(), _table_of(self.name, live), live, transactional=not self.concurrent, destructive=True
        )

    def done(self, live: Catalog) -> bool:
        """The index is gone."""
        return self.name not in live.indexes


class _AlterIndex(Action):
    """An ``ALTER INDEX``: SHARE UPDATE EXCLUSIVE on the table of the index it alters, catalog-only."""

    KIND: ClassVar[str]

    @property
    @abstractmethod
    def altered(self) -> QualifiedName:
        """The index the statement alters."""

    def effect(self, live: Catalog, desired: Catalog) -> Classification:
        """SHARE UPDATE EXCLUSIVE on the altered index's table."""
        return settle(self.KIND, Lock.SHARE_UPDATE_EXCLUSIVE, set(), _table_of(self.altered, live), live)


@dataclass(frozen=True, kw_only=True)
class AttachIndex(_AlterIndex):
    """``ALTER INDEX parent ATTACH PARTITION child``."""

    KIND = "ALTER INDEX"
    parent: QualifiedName
    child: QualifiedName

    @property
    def altered(self) -> QualifiedName:
        """The parent index."""
        return self.parent

    def done(self, live: Catalog) -> bool:
        """The child index is attached to the parent."""
        child = live.indexes.get(self.child)
        return bool(child and child.parent == self.parent)


@dataclass(frozen=True, kw_only=True)
class RenameIndex(_AlterIndex):
    """``ALTER INDEX name RENAME TO to``."""

    KIND = "RENAME INDEX"
    name: QualifiedName
    to: str

    @property
    def altered(self) -> QualifiedName:
        """The index renamed."""
        return self.name

    def done(self, live: Catalog) -> bool:
        """The old name is gone and the new one exists."""
        return self.name not in live.indexes and (self.name[0], self.to) in live.indexes
