"""The statements a plan step is made of, typed: what each one locks and risks is known, nothing is re-parsed.

An :class:`Action` is one SQL statement the planner writes (``CREATE INDEX CONCURRENTLY …``, ``ALTER TABLE …
SET NOT NULL``). It knows its effect on a live database (kind, lock, hazards, whether it may run in a
transaction) and whether that effect is already there (``done``, for resuming after a crash). A rewrite joins
actions into steps with :func:`compose`; only the differ's own statements still go through the classifier.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import LONG_HOLD, Hazard, Lock, held_lock_hazard
from schemawright.classify.statements import Classification, classify, classify_node, settle
from schemawright.inspect.catalog import Catalog, QualifiedName
from schemawright.plan.model import PhaseName, Step


@dataclass(frozen=True)
class Action(ABC):
    """One statement the planner writes (``sql`` without its semicolon)."""

    sql: str

    @abstractmethod
    def effect(self, live: Catalog, desired: Catalog) -> Classification:
        """Its kind, lock, hazards and transaction flag on ``live`` (``desired`` for what it creates)."""

    def done(self, live: Catalog) -> bool:
        """True when ``live`` already shows this statement's effect (so a resumed apply need not run it).
        False when that cannot be told from the catalog: the statement runs again."""
        return False


@dataclass(frozen=True, kw_only=True)
class Known(Action):
    """A statement whose kind, lock and hazards the planner states; the usual catalog rules apply on top (no
    long hazard on an empty table, no lock on a table this plan creates)."""

    kind: str
    lock: Lock
    hazards: frozenset[Hazard] = frozenset()
    table: QualifiedName | None = None
    transactional: bool = True
    destructive: bool = False

    def effect(self, live: Catalog, desired: Catalog) -> Classification:
        """The stated values, settled on ``live``."""
        return settle(
            self.kind,
            self.lock,
            self.hazards,
            self.table,
            live,
            transactional=self.transactional,
            destructive=self.destructive,
        )


@dataclass(frozen=True, kw_only=True)
class Differ(Action):
    """A statement the differ wrote (as parsed, or with a clause the planner changed): classified from its
    parse tree, which the planner already holds (the classifier stays for what comes from the differ)."""

    node: pb.Node
    schema: str

    def effect(self, live: Catalog, desired: Catalog) -> Classification:
        """The classifier's reading of the statement's node."""
        return classify_node(self.node, live, desired, self.schema)


# Set by tests (see :func:`audit_against_classifier`): mismatches between an action's stated effect and what the
# classifier makes of its SQL. None outside an audit.
_audit: list[str] | None = None


@contextmanager
def audit_against_classifier() -> Iterator[list[str]]:
    """While active, every composed action is also classified from its SQL; the yielded list collects each
    statement whose stated kind, lock, hazards or transaction flag differ (it keeps the explicit values honest)."""
    global _audit
    previous, _audit = _audit, []
    try:
        yield _audit
    finally:
        _audit = previous


def effects(actions: Sequence[Action], live: Catalog, desired: Catalog, schema: str) -> list[Classification]:
    """The stated effect of each action (checked against the classifier during an audit)."""
    stated = [a.effect(live, desired) for a in actions]
    if _audit is not None:
        for action, mine in zip(actions, stated, strict=True):
            theirs = classify(action.sql, live, desired, schema)
            if mine != theirs:
                _audit.append(f"{action.sql}\n  stated:     {mine}\n  classifier: {theirs}")
    return stated


def compose(
    sql: str,
    parts: Sequence[Classification],
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
    """One step of the statements in ``sql`` whose effects are ``parts`` (in order): the strongest lock, every
    hazard (plus ``add``, minus ``remove``), transactional when every statement is."""
    lock = parts[0].lock
    hazards: set[Hazard] = set()
    table = None
    for part in parts:
        lock = lock.strongest(part.lock)
        hazards |= part.hazards
        table = table or part.table
    transactional = all(p.transactional for p in parts)
    held = held_lock_hazard(lock, hazards) if transactional and len(parts) > 1 else None
    if held is not None:
        # Locks are held to the end of the transaction: the strongest one is held through the long part.
        hazards.add(held)
    hazards = (hazards | set(add)) - set(remove)
    return Step(
        sql=sql if sql.endswith(";") else sql + ";",
        phase=phase,
        reason=reason,
        kind=kind or " + ".join(dict.fromkeys(p.kind for p in parts)),
        lock=lock,
        transactional=transactional,
        hazards=tuple(sorted(hazards)),
        destructive=any(p.destructive for p in parts) if destructive is None else destructive,
        rollback=rollback,
        table=f"{table[0]}.{table[1]}" if table else None,
        long_running=bool(hazards & LONG_HOLD),
        operation=operation,
    )
