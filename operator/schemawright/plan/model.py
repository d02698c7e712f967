"""The plan: phases of steps, each step real SQL with its hazards, lock, and reason."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from schemawright.classify.hazards import Hazard, Lock

PLAN_FORMAT_VERSION = 2  # 2: every step names the operation it comes from


class PhaseName(StrEnum):
    """The expand–contract phases, in the order they run."""

    EXPAND = "expand"
    BACKFILL = "backfill"
    CONSTRAIN = "constrain"
    SWITCH = "switch"
    CONTRACT = "contract"


PHASE_ORDER = list(PhaseName)

PHASE_PURPOSE = {
    PhaseName.EXPAND: "additive, online changes the running application tolerates",
    PhaseName.BACKFILL: "existing rows filled in batches, one short transaction each",
    PhaseName.CONSTRAIN: "constraints validated without blocking writes, then enforced",
    PhaseName.SWITCH: "deploy the application that uses the new shape (outside schemawright)",
    PhaseName.CONTRACT: "destructive or rewriting steps: they run only when allowed or approved",
}


@dataclass(frozen=True)
class Backfill:
    """A batched, idempotent fill of one column, walked in primary-key order (keyset pagination)."""

    schema: str
    table: str
    column: str
    expression: str
    key: tuple[str, ...]
    batch_size: int

    def batch_sql(self, after: tuple[Any, ...] | None = None, *, sweep: bool = False) -> str:
        """One batch: at most ``batch_size`` rows whose column is NULL, in key order after ``after``.

        Rows are picked by ctid (a TID scan, not a join the planner could turn into a sequential scan) and
        locked ``FOR UPDATE SKIP LOCKED``, so a batch never waits for the application's row locks; the final
        ``sweep`` (no key order, waits for locks) fills whatever was skipped or written with NULLs behind the
        keyset. The result is one row: (rows updated, last key...) — ``%s`` placeholders stand for ``after``.
        """
        from psycopg import sql

        table = sql.Identifier(self.schema, self.table)
        column = sql.Identifier(self.column)
        key = sql.SQL(", ").join(sql.Identifier(k) for k in self.key)
        if sweep:
            pick = sql.SQL("SELECT ctid FROM {table} WHERE {column} IS NULL LIMIT {limit} FOR UPDATE").format(
                table=table, column=column, limit=sql.Literal(self.batch_size)
            )
        else:
            bound: sql.Composable = sql.SQL("")
            if after is not None:
                placeholders = sql.SQL(", ").join(sql.Placeholder() for _ in self.key)
                bound = sql.SQL(" AND ({}) > ({})").format(key, placeholders)
            pick = sql.SQL(
                "SELECT ctid FROM {table} WHERE {column} IS NULL{bound} ORDER BY {key} LIMIT {limit} "
                "FOR UPDATE SKIP LOCKED"
            ).format(table=table, column=column, bound=bound, key=key, limit=sql.Literal(self.batch_size))
        descending = sql.SQL(", ").join(sql.SQL("{} DESC").format(sql.Identifier(k)) for k in self.key)
        query = sql.SQL(
            "WITH batch AS ({pick}), "
            "filled AS (UPDATE {table} SET {column} = {expr} WHERE ctid = ANY (ARRAY(SELECT ctid FROM batch)) "
            "AND {column} IS NULL RETURNING {key}) "
            "SELECT count(*) OVER (), {key} FROM filled ORDER BY {descending} LIMIT 1"
        ).format(pick=pick, table=table, column=column, expr=sql.SQL(self.expression), key=key, descending=descending)
        return query.as_string(None)

    def remaining_sql(self) -> str:
        """Counts the rows still to fill (for progress and for the final check)."""
        from psycopg import sql

        return (
            sql.SQL("SELECT count(*) FROM {} WHERE {} IS NULL")
            .format(sql.Identifier(self.schema, self.table), sql.Identifier(self.column))
            .as_string(None)
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "schema": self.schema,
            "table": self.table,
            "column": self.column,
            "expression": self.expression,
            "key": list(self.key),
            "batchSize": self.batch_size,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Backfill:
        """Inverse of :meth:`to_dict`."""
        return cls(
            schema=data["schema"],
            table=data["table"],
            column=data["column"],
            expression=data["expression"],
            key=tuple(data["key"]),
            batch_size=int(data["batchSize"]),
        )


@dataclass(frozen=True)
class Step:
    """One unit of work: SQL that runs as a whole (one transaction, or alone when not transactional)."""

    sql: str
    phase: PhaseName
    reason: str
    kind: str
    lock: Lock = Lock.NONE
    transactional: bool = True
    hazards: tuple[Hazard, ...] = ()
    destructive: bool = False
    rollback: str | None = None
    table: str | None = None  # "schema.table" whose lock matters
    backfill: Backfill | None = None
    long_running: bool = False  # index builds and validations get the longer statement timeout
    operation: str = ""  # the typed operation the step comes from (schemawright.plan.operations.Operation)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (documented in docs/plan-format.md)."""
        data: dict[str, Any] = {
            "sql": self.sql,
            "kind": self.kind,
            "hazards": [str(h) for h in self.hazards],
            "lock": str(self.lock),
            "transactional": self.transactional,
            "destructive": self.destructive,
            "rollback": self.rollback,
            "reason": self.reason,
            "table": self.table,
            "longRunning": self.long_running,
            "operation": self.operation,
        }
        if self.backfill is not None:
            data["backfill"] = self.backfill.to_dict()
        return data

    @classmethod
    def from_dict(cls, phase: PhaseName, data: dict[str, Any]) -> Step:
        """Inverse of :meth:`to_dict`."""
        return cls(
            sql=data["sql"],
            phase=phase,
            reason=data["reason"],
            kind=data["kind"],
            lock=Lock(data["lock"]),
            transactional=bool(data["transactional"]),
            hazards=tuple(Hazard(h) for h in data["hazards"]),
            destructive=bool(data["destructive"]),
            rollback=data.get("rollback"),
            table=data.get("table"),
            backfill=Backfill.from_dict(data["backfill"]) if data.get("backfill") else None,
            long_running=bool(data.get("longRunning", False)),
            operation=str(data["operation"]),
        )


@dataclass(frozen=True)
class Phase:
    """A named group of steps."""

    name: PhaseName
    steps: tuple[Step, ...] = ()

    @property
    def purpose(self) -> str:
        """One line on what the phase is for."""
        return PHASE_PURPOSE[self.name]


@dataclass(frozen=True)
class ExecutionPolicy:
    """How to run a plan: the document's ``spec.policy`` timeouts and pacing, in milliseconds. None: the plan does
    not say (a plan computed without a document), so the runner's default applies."""

    lock_timeout_ms: int | None = None
    statement_timeout_ms: int | None = None
    long_statement_timeout_ms: int | None = None
    lock_retry_timeout_ms: int | None = None
    backfill_pause_ms: int | None = None

    def to_dict(self) -> dict[str, int]:
        """The plan file's ``execution`` object: camelCase keys, only what the plan says."""
        return {_camel(f.name): value for f in fields(self) if (value := getattr(self, f.name)) is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExecutionPolicy:
        """Inverse of :meth:`to_dict` (keys this release does not know are left out)."""
        known = {_camel(f.name): f.name for f in fields(cls)}
        return cls(**{known[key]: int(value) for key, value in data.items() if key in known})


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


@dataclass(frozen=True)
class Plan:
    """The safe, phased way from the live schema (``fingerprint``) to the desired one."""

    fingerprint: str  # of the live schema the plan was computed from
    phases: tuple[Phase, ...]
    source: str = ""
    desired_fingerprint: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    schemas: tuple[str, ...] = ("public",)  # the managed schemas the fingerprint covers
    # How to run it (the document's spec.policy timeouts), so a saved plan runs as the document would. Not part
    # of the hash: it says how, not what.
    execution: ExecutionPolicy = field(default_factory=ExecutionPolicy)

    @property
    def steps(self) -> list[Step]:
        """All steps in run order."""
        return [s for p in self.phases for s in p.steps]

    @property
    def is_empty(self) -> bool:
        """True when the live schema already equals the desired one."""
        return not self.steps

    def phase(self, name: PhaseName) -> Phase:
        """The phase called ``name``."""
        return next(p for p in self.phases if p.name == name)

    @property
    def approval_steps(self) -> list[Step]:
        """Steps that run only when allowed or approved (the contract phase)."""
        return list(self.phase(PhaseName.CONTRACT).steps)

    @property
    def hazards(self) -> list[Hazard]:
        """Every hazard of the plan, once each, in a stable order."""
        return sorted({h for s in self.steps for h in s.hazards})

    @property
    def hash(self) -> str:
        """A stable hash of what the plan would do and where from (used for approvals)."""
        content = {
            "fingerprint": self.fingerprint,
            "phases": [[p.name, [[s.sql, s.transactional] for s in p.steps]] for p in self.phases],
        }
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (docs/plan-format.md)."""
        return {
            "formatVersion": PLAN_FORMAT_VERSION,
            "source": self.source,
            "fingerprint": self.fingerprint,
            "desiredFingerprint": self.desired_fingerprint,
            "schemas": list(self.schemas),
            "execution": self.execution.to_dict(),
            "hash": self.hash,
            "summary": {
                "steps": len(self.steps),
                "hazards": [str(h) for h in self.hazards],
                "approvalRequired": bool(self.approval_steps),
            },
            "notes": list(self.notes),
            "phases": [
                {"name": str(p.name), "purpose": p.purpose, "steps": [s.to_dict() for s in p.steps]}
                for p in self.phases
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        """Inverse of :meth:`to_dict` (``hash`` is recomputed, and must match)."""
        version = data.get("formatVersion")
        if isinstance(version, int) and version < PLAN_FORMAT_VERSION:
            raise ValueError(
                f"plan format version {version} was written by an older schemawright (its steps name no "
                f"operation); this release reads version {PLAN_FORMAT_VERSION}: plan again"
            )
        if version != PLAN_FORMAT_VERSION:
            raise ValueError(f"plan format version {version} is not {PLAN_FORMAT_VERSION}: made by another release")
        phases = tuple(
            Phase(PhaseName(p["name"]), tuple(Step.from_dict(PhaseName(p["name"]), s) for s in p["steps"]))
            for p in data["phases"]
        )
        plan = cls(
            fingerprint=data["fingerprint"],
            phases=phases,
            source=data.get("source", ""),
            desired_fingerprint=data.get("desiredFingerprint", ""),
            notes=tuple(data.get("notes", ())),
            schemas=tuple(data.get("schemas", ("public",))),
            execution=ExecutionPolicy.from_dict(data.get("execution") or {}),
        )
        for step in plan.steps:
            # The runner executes the backfill object, not the step's SQL: both must say the same.
            if step.backfill is not None and step.sql.rstrip(";") != step.backfill.batch_sql():
                raise ValueError(f"the backfill of {step.backfill.table}.{step.backfill.column} does not match its SQL")
        if data.get("hash") and data["hash"] != plan.hash:
            raise ValueError(f"plan hash {data['hash']} does not match its content ({plan.hash}): edited by hand?")
        return plan


def assemble(
    fingerprint: str,
    steps: list[Step],
    *,
    source: str = "",
    desired_fingerprint: str = "",
    notes: tuple[str, ...] = (),
    schemas: tuple[str, ...] = ("public",),
) -> Plan:
    """Group ``steps`` into the five phases, keeping their relative order within each phase."""
    phases = tuple(Phase(name, tuple(s for s in steps if s.phase == name)) for name in PHASE_ORDER)
    return Plan(
        fingerprint=fingerprint,
        phases=phases,
        source=source,
        desired_fingerprint=desired_fingerprint,
        notes=notes,
        schemas=schemas,
    )
