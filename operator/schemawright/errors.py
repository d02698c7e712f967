"""The errors schemawright reports to people, each with the exit code the CLI uses.

Every error a user can cause by their input or their database is one of these; the CLI prints
``str(error)`` and exits with ``error.exit_code`` — never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, documented in docs/cli.md."""

    OK = 0
    INTERNAL = 1  # a bug in schemawright: a traceback is printed
    INVALID_INPUT = 2  # the document, its SQL or a flag is wrong
    BLOCKED = 3  # the plan has steps that need approval (destructive or rewriting)
    DATABASE = 4  # the database refused, was unreachable, or a step failed
    STALE_PLAN = 5  # a saved plan no longer matches the live schema


class SchemawrightError(Exception):
    """Base of every error meant for a person rather than a developer."""

    exit_code: ExitCode = ExitCode.INTERNAL


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

    def __init__(self, origin: str, index: int, line: int, column: int, kind: str, reason: str,
                 rule: str = "", override: str = "") -> None:
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


class DatabaseError(SchemawrightError):
    """The database was unreachable, refused a statement, or a step failed."""

    exit_code = ExitCode.DATABASE


class ApprovalRequired(SchemawrightError):
    """Apply stopped before steps that need approval (contract phase)."""

    exit_code = ExitCode.BLOCKED


class StalePlanError(SchemawrightError):
    """A saved plan was computed from a live schema that has changed since."""

    exit_code = ExitCode.STALE_PLAN
