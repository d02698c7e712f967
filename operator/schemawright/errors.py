"""The errors schemawright reports to people, each with the exit code the CLI uses and the failure kind the
operator reports.

Every error a user can cause by their input or their database is one of these; the CLI prints
``str(error)`` and exits with ``error.exit_code`` — never a traceback. The operator posts
``error.failure_kind``: the condition and event reason, whether a retry can help, and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from schemawright.execute.locks import Blocker


class ExitCode(IntEnum):
    """Process exit codes, documented in docs/cli.md."""

    OK = 0
    INTERNAL = 1  # a bug in schemawright: a traceback is printed
    INVALID_INPUT = 2  # the document, its SQL or a flag is wrong
    BLOCKED = 3  # the plan has steps that need approval (destructive or rewriting)
    DATABASE = 4  # the database refused, was unreachable, or a step failed
    STALE_PLAN = 5  # a saved plan no longer matches the live schema


@dataclass(frozen=True)
class FailureKind:
    """How the operator reports a failure: the reason its conditions and events carry, whether retrying can
    help (otherwise only a fix of the resource can), and what a person should do."""

    reason: str
    retryable: bool
    remedy: str


RETRIES = "The operator retries; see its logs if this persists."
# What is not a schemawright error is a bug; retried, since it may have been a passing condition.
INTERNAL_ERROR = FailureKind("InternalError", True, RETRIES)
INVALID_INPUT = FailureKind("InvalidInput", False, "Fix the resource as the message says and apply it again.")


class SchemawrightError(Exception):
    """Base of every error meant for a person rather than a developer."""

    exit_code: ExitCode = ExitCode.INTERNAL
    # A kind of its own per failure the operator names; None: reported by the type's name (see failure_kind).
    failure_kind: FailureKind | None = None


def failure_kind(error: BaseException) -> FailureKind:
    """How the operator reports ``error``: its type's failure kind; one without (a schemawright error) by its
    type's name, permanent when the input is wrong; anything else as an internal error."""
    if not isinstance(error, SchemawrightError):
        return INTERNAL_ERROR
    if error.failure_kind is not None:
        return error.failure_kind
    if error.exit_code == ExitCode.INVALID_INPUT:
        return INVALID_INPUT
    return FailureKind(type(error).__name__, True, RETRIES)


Error = TypeVar("Error", bound=BaseException)


def reworded(error: Error, message: str) -> Error:
    """``error`` (same type, same fields) saying ``message`` instead: e.g. its text with secrets redacted."""
    # Not copy.copy: it calls the constructor again with ``args``, which a type with fields of its own refuses.
    kind = type(error)
    twin = kind.__new__(kind)
    twin.__dict__.update(error.__dict__)
    twin.args = (message,)
    return twin


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where, what was found, what is expected."""

    path: str
    found: str
    expected: str

    def __str__(self) -> str:
        return f"{self.path}: found {self.found}; expected {self.expected}"


class SpecError(SchemawrightError):
    """The desired-state document is invalid; carries every problem found, each with its path."""

    exit_code = ExitCode.INVALID_INPUT
    failure_kind = FailureKind(
        "InvalidSpec", False, "Fix the fields named in the message and apply the resource again."
    )

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        if len(problems) == 1 and problems[0].path in (source, "(file)"):
            # A flag or the file itself (missing, unreadable): no document was read, say just what is wrong.
            problem = problems[0]
            super().__init__(f"{source}: found {problem.found}; expected {problem.expected}")
            return
        lines = [f"{source}: {len(problems)} problem(s) in the document"]
        lines += [f"  - {p}" for p in problems]
        super().__init__("\n".join(lines))


class GuardError(SchemawrightError):
    """A SQL statement is not allowed (or cannot be parsed); raised before any database is touched."""

    exit_code = ExitCode.INVALID_INPUT
    failure_kind = FailureKind(
        "SQLNotAllowed",
        False,
        "Rewrite or remove the statement (docs/sql-allow-list.md lists what spec.sql may contain).",
    )

    def __init__(
        self,
        origin: str,
        index: int,
        line: int,
        column: int,
        kind: str,
        reason: str,
        rule: str = "",
        override: str = "",
    ) -> None:
        self.origin = origin
        self.index = index
        self.line = line
        self.column = column
        self.kind = kind
        self.reason = reason
        self.rule = rule  # the guard rule's name (docs/sql-allow-list.md), "" for syntax errors
        self.override = override  # how the platform may allow it ("--allow do-block"), "" when it cannot
        named = ""
        if rule:
            named = f" [rule {rule}; " + (f"allow with {override}]" if override else "not overridable]")
        super().__init__(
            f"{origin}: statement {index} (line {line}, column {column}) is not allowed: {kind}: {reason}{named}"
        )


class PlanError(SchemawrightError):
    """The desired state cannot be reached safely from the live state as the document is written."""

    exit_code = ExitCode.INVALID_INPUT
    failure_kind = FailureKind(
        "CannotPlanSafely",
        False,
        "Change the document as the message says (e.g. give the column a default: or backfill:).",
    )


class ShadowBuildError(SchemawrightError):
    """The desired schema does not build in PostgreSQL (a type that does not exist, a bad reference…)."""

    exit_code = ExitCode.INVALID_INPUT
    failure_kind = FailureKind(
        "DesiredSchemaDoesNotBuild", False, "Fix the document so PostgreSQL accepts the statement named in the message."
    )


class DatabaseError(SchemawrightError):
    """The database refused a statement or a step failed (the message names the step and what to do)."""

    exit_code = ExitCode.DATABASE
    failure_kind = FailureKind(
        "DatabaseError", True, "Read the message: it names the failed step and what to do; the operator retries."
    )


class DatabaseUnreachable(DatabaseError):
    """A database (the target, or the shadow database being built) could not be connected to."""

    failure_kind = FailureKind(
        "DatabaseUnavailable",
        True,
        "Check that the database in the Secret's URL is "
        "reachable from the operator and the credentials are right; the operator retries.",
    )


class LockTimeoutExhausted(DatabaseError):
    """A step could not get its lock within lock_retry_timeout."""

    failure_kind = FailureKind(
        "LockTimeout",
        True,
        "End or wait out the sessions named in the message, or raise "
        "spec.policy.lockRetryTimeout; the operator retries.",
    )

    def __init__(self, message: str, holders: list[Blocker]) -> None:
        super().__init__(message)
        self.blockers = holders


class ShadowUnavailable(DatabaseError):
    """No shadow database could be made: its server is unreachable, or the role may not create databases or
    the build's role."""

    failure_kind = FailureKind(
        "ShadowUnavailable",
        True,
        "Give the role CREATEDB on the target's server, or point "
        "SCHEMAWRIGHT_SHADOW_URL at a server where it may create databases.",
    )


class AnotherApplyRunning(SchemawrightError):
    """Another applier holds this database's advisory lock."""

    exit_code = ExitCode.DATABASE
    failure_kind = FailureKind(
        "AnotherApplyRunning", True, "Nothing: another apply holds the database's advisory lock; the operator retries."
    )


class ApprovalRequired(SchemawrightError):
    """Apply stopped before steps that need approval (contract phase)."""

    exit_code = ExitCode.BLOCKED
    failure_kind = FailureKind(
        "ApprovalRequired",
        True,
        "Approve the plan the message names (the schemawright.io/approve annotation), or plan again.",
    )


class ApprovalMismatch(ApprovalRequired):
    """``--approve`` names another plan than the one about to run."""


class StalePlanError(SchemawrightError):
    """A saved plan was computed from a live schema that has changed since."""

    exit_code = ExitCode.STALE_PLAN
    failure_kind = FailureKind("StalePlan", True, "Plan again: the live schema changed since the plan was made.")
