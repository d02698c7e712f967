"""The guard of whole scripts (``spec.sql``, the DDL rendered from ``spec.tables``, ``.sql`` documents)."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

import postgast

from schemawright.errors import GuardError
from schemawright.guard import reasons
from schemawright.guard.accepted import GuardedScript, Statement, shadow_form
from schemawright.guard.check import check_node
from schemawright.guard.context import Context, Reject
from schemawright.guard.extensions import BUILTIN_EXTENSION, DEFAULT_EXTENSIONS
from schemawright.guard.overrides import Overrides
from schemawright.guard.positions import (
    LineIndex,
    blank_restrict_lines,
    meta_command_at,
    parse_script,
    statement_number_at,
    statement_spans,
)
from schemawright.guard.rules import RULES, STATEMENT_KIND, override_flag, rule_of
from schemawright.guard.schemas import declared_schemas_of


def declared_schemas(sql: str) -> tuple[str, ...]:
    """The schemas a script creates objects in (see :class:`GuardedScript`); () when it does not parse."""
    try:
        _text, tree = parse_script(sql)
    except postgast.PgQueryError:
        return ()
    return declared_schemas_of(tree)


def _summarise(ctx: Context, waived: list[tuple[int, str, str]], statements: list[Statement]) -> list[str]:
    """The user's notes: ownership and rows ignored, rules the platform waived (by rule), the checks' own notes."""
    notes = []
    ownership = sum(1 for s in statements if s.effect == "ownership")
    if ownership:
        notes.append(
            f"{ownership} ownership statement(s) (ALTER ... OWNER TO) not applied: ownership is not managed "
            "by schemawright — objects belong to the role that applies the plan (docs/sql-allow-list.md)"
        )
    rows = sum(1 for s in statements if s.effect == "data")
    if rows:
        notes.append(
            f"{rows} INSERT ... VALUES statement(s) of constant rows (such as Rails' schema_migrations) not "
            "applied: schemawright manages the schema, not rows — load data with your application"
        )
    by_rule: dict[str, list[str]] = {}
    for number, kind, rule in waived:
        by_rule.setdefault(rule, []).append(f"{number} ({kind})")
    for rule, where in by_rule.items():
        privileged = (rule_of(rule) or RULES[STATEMENT_KIND]).privileged
        shown = ", ".join(where[:5]) + (f" and {len(where) - 5} more" if len(where) > 5 else "")
        notes.append(
            f"rule {rule} waived by the platform (--allow {rule}) for statement(s) {shown}"
            + ("; they need superuser rights (the shadow runs as the connecting role)" if privileged else "")
        )
    notes += list(dict.fromkeys(ctx.notes))
    return notes


def guard_script(
    sql: str,
    *,
    origin: str,
    allowed_extensions: Collection[str] = DEFAULT_EXTENSIONS,
    overrides: Overrides | None = None,
) -> GuardedScript:
    """Check a SQL script against the allow-list; return its accepted statements, notes and declarations.

    ``origin`` names where the SQL came from in error messages (e.g. ``shop.yaml: spec.sql``).
    ``overrides`` are the platform's waivers (rules; its extensions add to ``allowed_extensions``).
    pg_dump's ``\\restrict``/``\\unrestrict`` lines are skipped. Raises GuardError for a syntax error (naming
    its line and column), another psql meta-command, or the first statement that is not allowed (naming its
    number, line and column, its kind, why, its rule and the flag that would allow it).
    """
    overrides = overrides or Overrides()
    try:
        text, tree = parse_script(sql)
    except postgast.PgQueryError as error:
        text = blank_restrict_lines(sql)[0]
        data = text.encode()
        lines = LineIndex(data)
        offset = max(error.cursorpos - 1, 0)
        line, column = lines.position(offset)
        number = statement_number_at(text, offset)
        meta = meta_command_at(data, lines, offset)
        if meta is not None:
            raise GuardError(
                origin, number, line, 1, f"psql meta-command {meta}", reasons.META_COMMAND, "psql-meta-command"
            ) from None
        raise GuardError(origin, number, line, column, "invalid SQL", error.message) from None
    data = text.encode()
    lines = LineIndex(data)
    ctx = Context(
        allowed_extensions=frozenset(allowed_extensions) | overrides.extensions, allowed_rules=overrides.rules
    )
    spans = statement_spans(text, tree)
    statements: list[Statement] = []
    waived: list[tuple[int, str, str]] = []
    for number, (raw, (start, end)) in enumerate(zip(tree.stmts, spans, strict=True), start=1):
        statement_text = data[start:end].decode()
        ctx.original, ctx.text = statement_text, statement_text.lower()
        try:
            check_node(raw.stmt, ctx)
        except Reject as reject:
            line, column = lines.position(start)
            raise GuardError(
                origin,
                number,
                line,
                column,
                reject.kind,
                reject.reason,
                reject.rule,
                override_flag(reject.rule, reject.extension),
            ) from None
        ctx.walked.clear()
        waived += [(number, kind, rule) for kind, rule in ctx.waived]
        statement = shadow_form(raw.stmt, statement_text)
        if any((rule_of(rule) or RULES[STATEMENT_KIND]).privileged for _kind, rule in ctx.waived):
            statement = dataclasses.replace(statement, privileged=True)
        ctx.waived.clear()
        statements.append(statement)
    extensions = tuple(
        dict.fromkeys(
            raw.stmt.create_extension_stmt.extname
            for raw in tree.stmts
            if raw.stmt.HasField("create_extension_stmt")
            and raw.stmt.create_extension_stmt.extname != BUILTIN_EXTENSION
        )
    )
    kinds = [raw.stmt.WhichOneof("node") for raw in tree.stmts]
    return GuardedScript(
        statements=statements,
        notes=_summarise(ctx, waived, statements),
        schemas=declared_schemas_of(tree),
        extensions=extensions,
        dynamic_triggers=len(ctx.dynamic_triggers),
        tables=kinds.count("create_stmt"),
        enums=kinds.count("create_enum_stmt"),
    )


def check_script(
    sql: str,
    *,
    origin: str,
    allowed_extensions: Collection[str] = DEFAULT_EXTENSIONS,
    overrides: Overrides | None = None,
) -> list[str]:
    """Check a SQL script against the allow-list (see :func:`guard_script`); return its statements' texts."""
    return [
        s.text
        for s in guard_script(sql, origin=origin, allowed_extensions=allowed_extensions, overrides=overrides).statements
    ]
