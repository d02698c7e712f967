"""Statements on whole objects the planner writes (types, enum values, views, functions…): created, renamed,
dropped. No table lock unless stated: these touch the catalog only."""

from __future__ import annotations

from dataclasses import dataclass

from schemawright.classify.hazards import Hazard, Lock
from schemawright.classify.statements import Classification, settle
from schemawright.inspect.catalog import Catalog, QualifiedName
from schemawright.plan.operations.base import Known


def created(sql: str, kind: str) -> Known:
    """``CREATE <kind>`` of a new object: nothing exists yet that could be locked or broken."""
    return Known(sql=sql, kind=kind, lock=Lock.NONE)


def dropped(sql: str, what: str, *, table: QualifiedName | None = None) -> Known:
    """``DROP <what>``: ACCESS EXCLUSIVE (on ``table`` when the object belongs to one); irreversible, and a
    client that uses the name breaks."""
    return Known(
        sql=sql,
        kind=f"DROP {what}",
        lock=Lock.ACCESS_EXCLUSIVE,
        table=table,
        destructive=True,
        hazards=frozenset({Hazard.IRREVERSIBLE, Hazard.BREAKS_CLIENTS}),
    )


def renamed_type(sql: str) -> Known:
    """``ALTER TYPE … RENAME TO``: catalog-only, but a client using the old name breaks."""
    return Known(sql=sql, kind="RENAME TYPE", lock=Lock.NONE, hazards=frozenset({Hazard.BREAKS_CLIENTS}))


@dataclass(frozen=True, kw_only=True)
class AddEnumValue(Known):
    """``ALTER TYPE … ADD VALUE IF NOT EXISTS``: outside a transaction (a value added in one cannot be used
    until it commits); no row is touched."""

    enum: QualifiedName
    label: str
    kind: str = "ALTER TYPE ADD VALUE"
    lock: Lock = Lock.NONE
    transactional: bool = False

    def effect(self, live: Catalog, desired: Catalog) -> Classification:
        """No lock, outside a transaction."""
        return settle(self.kind, self.lock, set(), None, live, transactional=False)

    def done(self, live: Catalog) -> bool:
        """The enum already has the label."""
        return self.label in live.enums.get(self.enum, ())


def refreshed(sql: str, view: QualifiedName) -> Known:
    """``REFRESH MATERIALIZED VIEW`` (not concurrently): readers of the view wait (none for a new one)."""
    return Known(sql=sql, kind="REFRESH MATERIALIZED VIEW", lock=Lock.ACCESS_EXCLUSIVE, table=view)


def renamed_relation(sql: str, what: str, relation: QualifiedName) -> Known:
    """``ALTER <TABLE | VIEW | MATERIALIZED VIEW> … RENAME TO`` (``what`` as the classifier names it: ``TABLE``,
    ``VIEW``, ``MATVIEW``): ACCESS EXCLUSIVE on the relation; a client using a table's or view's old name breaks."""
    hazards = frozenset({Hazard.BREAKS_CLIENTS}) if what in ("TABLE", "VIEW") else frozenset()
    return Known(sql=sql, kind=f"RENAME {what}", lock=Lock.ACCESS_EXCLUSIVE, table=relation, hazards=hazards)


def dropped_table(sql: str, table: QualifiedName) -> Known:
    """``DROP TABLE``: its rows are deleted (none when it is empty), irreversibly."""
    return Known(
        sql=sql,
        kind="DROP TABLE",
        lock=Lock.ACCESS_EXCLUSIVE,
        table=table,
        destructive=True,
        hazards=frozenset({Hazard.DELETES_DATA, Hazard.IRREVERSIBLE, Hazard.BREAKS_CLIENTS}),
    )


# The classifier's word for a relation kind (PostgreSQL's object type names).
RELATION_WORD = {"TABLE": "TABLE", "VIEW": "VIEW", "MATERIALIZED VIEW": "MATVIEW"}


def updated_extension(sql: str) -> Known:
    """``ALTER EXTENSION … UPDATE``: its update script may change the extension's tables and types, so it is
    assumed to lock them (ACCESS EXCLUSIVE)."""
    return Known(sql=sql, kind="ALTER EXTENSION UPDATE", lock=Lock.ACCESS_EXCLUSIVE)
