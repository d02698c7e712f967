"""What a check needs besides the statement (:class:`Context`), the refusal it raises (:class:`Reject`), and
refusing by rule (waived when the platform allows it).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from google.protobuf.message import Message
from postgast import pg_query_pb2 as pb

from schemawright.guard import reasons
from schemawright.guard.kinds import statement_kind
from schemawright.guard.objects import OFF_LIMITS
from schemawright.guard.rules import kind_rule, rule_of
from schemawright.guard.statement_kinds import BY_NODE


class Reject(Exception):
    """A statement is not allowed: what it is, why, and the rule (located by the caller)."""

    def __init__(self, kind: str, reason: str, rule: str, extension: str = "") -> None:
        super().__init__(f"{kind}: {reason}")
        self.kind = kind
        self.reason = reason
        self.rule = rule
        self.extension = extension


@dataclasses.dataclass
class Context:
    """What the checks need besides the statement."""

    allowed_extensions: frozenset[str]
    allowed_rules: frozenset[str] = frozenset()
    in_body: bool = False  # inside a function body, where data changes are allowed
    waived: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (kind, rule) allowed by override
    notes: list[str] = dataclasses.field(default_factory=list)  # what a user should know about a statement
    text: str = ""  # the whole statement, lower case ("" when unknown): lets checks skip walks (see may_contain)
    original: str = ""  # the whole statement as written
    nested: bool = False  # checking a statement inside another (a body, a schema element), not the statement itself
    walked: dict[int, tuple[Message, list[Message]]] = dataclasses.field(default_factory=dict)  # walk's memory
    dynamic_triggers: list[str] = dataclasses.field(default_factory=list)  # trigger functions with allowed dynamic SQL


def may_contain(ctx: Context, words: re.Pattern[str]) -> bool:
    """Whether the statement's text may hold one of ``words`` (lower case), so its tree must be searched.

    A word cannot reach the parse tree without being in the text, unless escaped: a backslash (E'' strings)
    or U& (Unicode escapes) in the text, or an unknown text, means "search".
    """
    text = ctx.text
    return not text or "\\" in text or "u&" in text or words.search(text) is not None


def refuse(ctx: Context, kind: str, reason: str, rule: str) -> bool:
    """Raise Reject for ``rule`` unless the platform waived it; True (and recorded) when waived."""
    known = rule_of(rule)
    if rule in ctx.allowed_rules and known is not None and known.overridable:
        ctx.waived.append((kind, rule))
        return True
    raise Reject(kind, reason, rule)


Check = Callable[[pb.Node, Context], None]


def refuse_object(ctx: Context, objtype: int, kind: str) -> bool:
    """Refuse a statement about an object type that is not part of a schema (by the object's own rule)."""
    if objtype in OFF_LIMITS:
        reason, rule = OFF_LIMITS[objtype]
        return refuse(ctx, kind, reason, rule)
    return refuse(ctx, kind, reasons.NOT_LISTED, kind_rule(kind))


def refuse_unlisted(node: pb.Node, which: str, ctx: Context) -> bool:
    """Refuse a statement kind without a checker, by its own rule (statement-kind:<kind> for the rest)."""
    kind = statement_kind(node)
    row = BY_NODE.get(which)
    if row is not None and row.rule and row.reason is not None:
        return refuse(ctx, kind, row.reason, row.rule)
    return refuse(ctx, kind, reasons.NOT_LISTED, kind_rule(kind))
