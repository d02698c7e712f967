"""What every rewrite sees: the parsed statement, both catalogs, the hints, and a step factory."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import postgast
from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import LONG_HOLD, Hazard, Lock
from schemawright.classify.statements import classify, parse_one
from schemawright.guard.nodes import range_name
from schemawright.inspect.catalog import Catalog, QualifiedName
from schemawright.plan.hints import Hints
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.operations.base import Action, Differ, compose, effects


@dataclass(frozen=True)
class Stmt:
    """One differ statement, parsed."""

    sql: str
    node: pb.Node

    @classmethod
    def parse(cls, text: str) -> Stmt:
        """Parse one statement (trailing semicolon allowed)."""
        return cls(sql=text.strip().rstrip(";").strip(), node=parse_one(text))

    @functools.cached_property
    def which(self) -> str:
        """The node kind, e.g. ``alter_table_stmt`` (asked for every statement by every rewrite: kept)."""
        return self.node.WhichOneof("node") or ""

    @property
    def inner(self) -> object:
        """The statement message itself (``IndexStmt``, ``AlterTableStmt``…)."""
        return getattr(self.node, self.which)

    def copy_node(self) -> pb.Node:
        """A copy of the parse tree to change and :func:`deparse` (the statement itself stays as parsed)."""
        node = pb.Node()
        node.CopyFrom(self.node)
        return node


def deparse(node: pb.Node) -> str:
    """SQL text of one statement node."""
    return str(postgast.deparse(pb.ParseResult(stmts=[pb.RawStmt(stmt=node)])))


T = TypeVar("T")


@dataclass
class Context:
    """Shared, read-only inputs plus the cross-statement facts the rewrites record."""

    live: Catalog
    desired: Catalog
    hints: Hints
    statements: list[Stmt]
    replaced_indexes: set[QualifiedName] = field(default_factory=set)
    replaced_constraints: set[tuple[str, str, str]] = field(default_factory=set)
    recreated_objects: set[int] = field(default_factory=set)  # ids of drop statements re-created later
    regranted: set[QualifiedName] = field(default_factory=set)  # re-created relations whose step grants again itself
    recommented: set[QualifiedName] = field(default_factory=set)  # re-created relations whose step comments itself
    handled: set[int] = field(default_factory=set)  # ids of statements another rewrite consumed
    validated: set[tuple[str, str, str]] = field(default_factory=set)  # constraints already given a VALIDATE
    index_temp_names: dict[QualifiedName, str] = field(default_factory=dict)  # replaced index -> temp name
    enum_rebuilds: set[QualifiedName] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    _indexes: dict[Callable[[Context], Any], Any] = field(default_factory=dict, repr=False)

    def index(self, build: Callable[[Context], T]) -> T:
        """``build(self)``, built once per plan: an index over the statements that a rewrite consults for every
        statement (scanning them each time makes a plan of thousands of statements quadratic)."""
        if build not in self._indexes:
            self._indexes[build] = build(self)
        return cast(T, self._indexes[build])

    @property
    def schema(self) -> str:
        """The default schema for unqualified names."""
        return self.hints.default_schema

    def qualify(self, rv: pb.RangeVar) -> QualifiedName:
        """(schema, name) of a RangeVar."""
        return range_name(rv, self.schema)

    def is_new_table(self, table: QualifiedName) -> bool:
        """True when the table does not exist yet in the live database."""
        return table not in self.live.tables

    def is_populated(self, table: QualifiedName) -> bool:
        """True when the live table exists and may hold rows."""
        t = self.live.tables.get(table)
        return bool(t and t.populated)

    def known_step(
        self,
        sql: str,
        phase: PhaseName,
        reason: str,
        *,
        kind: str,
        lock: Lock,
        table: QualifiedName | None,
        operation: str,
        hazards: tuple[Hazard, ...] = (),
        rollback: str | None = None,
        destructive: bool = False,
    ) -> Step:
        """A step of SQL the planner wrote itself: its operation knows the lock and hazards, nothing is parsed."""
        return Step(
            sql=sql if sql.endswith(";") else sql + ";",
            phase=phase,
            reason=reason,
            kind=kind,
            lock=lock,
            transactional=True,
            hazards=tuple(sorted(hazards)),
            destructive=destructive,
            rollback=rollback,
            table=f"{table[0]}.{table[1]}" if table else None,
            long_running=bool(set(hazards) & LONG_HOLD),
            operation=operation,
        )

    def emit(
        self,
        actions: Action | Stmt | Sequence[Action | Stmt],
        phase: PhaseName,
        reason: str,
        *,
        rollback: str | None = None,
        destructive: bool | None = None,
        add: tuple[Hazard, ...] = (),
        remove: tuple[Hazard, ...] = (),
        kind: str | None = None,
        operation: str = "",
    ) -> Step:
        """A step of typed statements (joined by ``;\n``): each states its lock and hazards, nothing is parsed.
        A differ statement (``Stmt``) is classified from the tree it was parsed to."""
        given = [actions] if isinstance(actions, Action | Stmt) else list(actions)
        listed = [a if isinstance(a, Action) else Differ(sql=a.sql, node=a.node, schema=self.schema) for a in given]
        return compose(
            ";\n".join(a.sql for a in listed),
            effects(listed, self.live, self.desired, self.schema),
            phase,
            reason,
            rollback=rollback,
            destructive=destructive,
            add=add,
            remove=remove,
            kind=kind,
            operation=operation,
        )

    def classified_step(
        self,
        sql: str,
        phase: PhaseName,
        reason: str,
        *,
        rollback: str | None = None,
        destructive: bool | None = None,
        add: tuple[Hazard, ...] = (),
        remove: tuple[Hazard, ...] = (),
        kind: str | None = None,
        operation: str = "",
    ) -> Step:
        """A step of SQL text the planner did not write and holds no parse tree of (a definition the desired
        database prints, possibly several statements): its lock, hazards and transactional flag come from
        classifying it. SQL the planner writes goes through :meth:`emit` with typed actions instead."""
        statements = [s for s in postgast.split(sql)] if ";" in sql else [sql]
        parts = [classify(text, self.live, self.desired, self.schema) for text in statements]
        return compose(
            sql,
            parts,
            phase,
            reason,
            rollback=rollback,
            destructive=destructive,
            add=add,
            remove=remove,
            kind=kind,
            operation=operation,
        )
