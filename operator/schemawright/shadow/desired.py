"""The desired DDL of a document, every statement accepted by the SQL guard: what the shadow runs.

Kept apart from :mod:`schemawright.engine` so that ``validate`` does not import the database, planner and
executor stacks it never uses.
"""

from __future__ import annotations

from dataclasses import replace

from schemawright import guard
from schemawright.spec import DesiredSchema, render

__all__ = ["desired_script", "desired_statements"]


def desired_script(desired: DesiredSchema) -> guard.GuardedScript:
    """The desired DDL (rendered from the document, then ``spec.sql``), every statement accepted by the SQL guard
    with the platform's overrides (nothing has touched a database yet), and the guard's notes for the user.

    A CREATE SCHEMA / CREATE EXTENSION in ``spec.sql`` declares the same thing as ``spec.database.schemas`` /
    ``spec.extensions``; the shadow runs it in its IF NOT EXISTS form, so the two agree instead of failing.
    """
    overrides = desired.overrides
    rendered = render(desired)
    checked = guard.guard_script(
        ";\n".join(rendered),
        origin=f"{desired.source} (rendered from spec.tables)",
        allowed_extensions=overrides.allowed_extensions,
    )
    statements = [guard.Statement(text) for text in rendered]
    if not desired.sql.strip():
        return guard.GuardedScript(
            statements=statements,
            notes=[],
            schemas=desired.schemas,
            extensions=desired.extensions,
            tables=checked.tables,
            enums=checked.enums,
        )
    script = guard.guard_script(
        desired.sql,
        origin=f"{desired.source}: spec.sql",
        allowed_extensions=overrides.allowed_extensions,
        overrides=overrides,
    )
    return replace(
        script,
        statements=statements + script.statements,
        tables=checked.tables + script.tables,
        enums=checked.enums + script.enums,
    )


def desired_statements(desired: DesiredSchema) -> list[guard.Statement]:
    """The statements of :func:`desired_script`, in the order the shadow runs them."""
    return desired_script(desired).statements
