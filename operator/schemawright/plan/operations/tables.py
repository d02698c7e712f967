"""``ALTER TABLE`` commands the planner writes, one sub-command each: their lock and hazards are stated here
(as PostgreSQL documents them), not read back from the SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from schemawright.classify.hazards import Hazard, Lock
from schemawright.classify.statements import Classification, settle
from schemawright.inspect.catalog import Catalog, QualifiedName
from schemawright.plan.operations.base import Action

_AE = Lock.ACCESS_EXCLUSIVE


@dataclass(frozen=True)
class TableCommand(Action):
    """``ALTER TABLE table <command>``; a subclass names the command, its lock and hazards."""

    table: QualifiedName
    COMMAND: ClassVar[str] = ""
    LOCK: ClassVar[Lock] = _AE
    HAZARDS: ClassVar[frozenset[Hazard]] = frozenset()
    DESTRUCTIVE: ClassVar[bool] = False

    def effect(self, live: Catalog, desired: Catalog) -> Classification:
        """The command's lock and hazards on the table (none of the long ones when it is empty)."""
        return settle(
            f"ALTER TABLE {self.COMMAND}", self.LOCK, self.HAZARDS, self.table, live, destructive=self.DESTRUCTIVE
        )


@dataclass(frozen=True)
class ColumnCommand(TableCommand):
    """``ALTER TABLE table ALTER COLUMN column …`` (and ``DROP COLUMN``)."""

    column: str


class SetDefault(ColumnCommand):
    """``SET DEFAULT`` / ``DROP DEFAULT``: catalog-only, new rows only."""

    COMMAND = "SET DEFAULT"


class SetNotNull(ColumnCommand):
    """``SET NOT NULL``: scans the table, unless a validated ``CHECK (c IS NOT NULL)`` proves it."""

    COMMAND = "SET NOT NULL"
    HAZARDS = frozenset({Hazard.VALIDATION_SCAN})

    def done(self, live: Catalog) -> bool:
        """The live column is already NOT NULL."""
        table = live.tables.get(self.table)
        column = table.columns.get(self.column) if table else None
        return bool(column and column.not_null)


class SetExpression(ColumnCommand):
    """``SET EXPRESSION AS (…)`` of a stored generated column: every row is recomputed (a rewrite)."""

    COMMAND = "SET EXPRESSION"
    HAZARDS = frozenset({Hazard.TABLE_REWRITE})


class DropNotNull(ColumnCommand):
    """``DROP NOT NULL``: catalog-only."""

    COMMAND = "DROP NOT NULL"


class DropColumn(ColumnCommand):
    """``DROP COLUMN``: its values are gone; clients that read it break."""

    COMMAND = "DROP COLUMN"
    HAZARDS = frozenset({Hazard.DELETES_DATA, Hazard.IRREVERSIBLE, Hazard.BREAKS_CLIENTS})
    DESTRUCTIVE = True

    def done(self, live: Catalog) -> bool:
        """The column is gone."""
        table = live.tables.get(self.table)
        return table is None or self.column not in table.columns


@dataclass(frozen=True)
class AlterColumnType(ColumnCommand):
    """``ALTER COLUMN … TYPE``: a rewrite unless PostgreSQL knows the change binary-coercible (``rewrites``)."""

    COMMAND = "ALTER COLUMN TYPE"
    rewrites: bool = True

    def effect(self, live: Catalog, desired: Catalog) -> Classification:
        """ACCESS EXCLUSIVE, and a table rewrite when ``rewrites``."""
        hazards = {Hazard.TABLE_REWRITE} if self.rewrites else set()
        return settle(f"ALTER TABLE {self.COMMAND}", _AE, hazards, self.table, live)


@dataclass(frozen=True)
class ConstraintCommand(TableCommand):
    """A command on the table's constraint ``name``."""

    name: str


class AddCheckNotValid(ConstraintCommand):
    """``ADD CONSTRAINT … CHECK (…) NOT VALID``: new rows only, no scan."""

    COMMAND = "ADD CHECK NOT VALID"


class ValidateConstraint(ConstraintCommand):
    """``VALIDATE CONSTRAINT``: scans every row under SHARE UPDATE EXCLUSIVE (reads and writes continue)."""

    COMMAND = "VALIDATE CONSTRAINT"
    LOCK = Lock.SHARE_UPDATE_EXCLUSIVE
    HAZARDS = frozenset({Hazard.VALIDATION_SCAN})

    def done(self, live: Catalog) -> bool:
        """The live constraint is validated."""
        found = live.constraints.get((*self.table, self.name))
        return bool(found and found.validated)


class DropConstraint(ConstraintCommand):
    """``DROP CONSTRAINT``."""

    COMMAND = "DROP CONSTRAINT"
    DESTRUCTIVE = True

    def done(self, live: Catalog) -> bool:
        """The constraint is gone."""
        return (*self.table, self.name) not in live.constraints


@dataclass(frozen=True)
class Rename(TableCommand):
    """``ALTER TABLE … RENAME [TO | COLUMN | CONSTRAINT]`` (``what``: TABLE, COLUMN or CONSTRAINT): catalog-only
    under ACCESS EXCLUSIVE; a client that uses the old name of a table or column breaks."""

    what: str

    def effect(self, live: Catalog, desired: Catalog) -> Classification:
        """ACCESS EXCLUSIVE on the table; BREAKS_CLIENTS for a table or column."""
        hazards = {Hazard.BREAKS_CLIENTS} if self.what in ("TABLE", "COLUMN") else set()
        return settle(f"RENAME {self.what}", _AE, hazards, self.table, live)


@dataclass(frozen=True)
class AddKey(ConstraintCommand):
    """``ADD CONSTRAINT … PRIMARY KEY | UNIQUE`` (``key``): its index is built under ACCESS EXCLUSIVE, unless an
    index built beforehand is taken over (``USING INDEX``: a brief lock, no scan)."""

    key: str
    using_index: bool = False

    def effect(self, live: Catalog, desired: Catalog) -> Classification:
        """ACCESS EXCLUSIVE; an index build unless ``using_index``."""
        hazards = set() if self.using_index else {Hazard.INDEX_BUILD}
        kind = f"ALTER TABLE ADD {self.key}" + (" USING INDEX" if self.using_index else "")
        return settle(kind, _AE, hazards, self.table, live)
