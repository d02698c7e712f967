"""A domain whose base type (``varchar(10)`` → ``varchar(40)``) or collation changes: PostgreSQL has no
``ALTER DOMAIN … TYPE`` or ``… COLLATE``.

The new definition is created under a temporary name, every column of the domain is re-typed to it, the old
domain is dropped and the new one renamed into place — one transaction (``replace_domain``), so no column is
ever without its domain. Re-typing the columns rewrites their tables: contract when one has rows.
"""

from __future__ import annotations

from schemawright.classify.hazards import Hazard, Lock
from schemawright.inspect.catalog import Domain, QualifiedName
from schemawright.plan.context import Context
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident, temporary
from schemawright.plan.operations import Operation


def _columns(name: QualifiedName, ctx: Context) -> list[tuple[QualifiedName, str]]:
    """Live columns whose type is the domain ``name``."""
    spellings = {f"{name[0]}.{name[1]}", name[1], ident(*name)}
    return [
        ((t.schema, t.name), c.name)
        for t in ctx.live.tables.values()
        for c in t.columns.values()
        if c.type in spellings
    ]


def create_domain(name: str, domain: Domain) -> str:
    """``CREATE DOMAIN`` ``name`` (quoted) with everything of ``domain``."""
    parts = [f"CREATE DOMAIN {name} AS {domain.base_type}"]
    parts += [f"COLLATE {domain.collation}"] if domain.collation else []
    parts += [f"DEFAULT {domain.default}"] if domain.default else []
    parts += ["NOT NULL"] if domain.not_null else []
    parts += [f"CONSTRAINT {ident(check)} {definition}" for check, definition in domain.checks]
    return " ".join(parts)


def base_type_swap(name: QualifiedName, new: Domain, ctx: Context) -> Step:
    """One step: the domain ``name`` re-created with the base type or collation (and the rest) of ``new``,
    swapped in."""
    temp = ident(name[0], temporary(name[1], "new"))
    columns = _columns(name, ctx)
    sql = [create_domain(temp, new)]
    sql += [
        f"ALTER TABLE {ident(*t)} ALTER COLUMN {ident(c)} TYPE {temp} USING {ident(c)}::{new.base_type}::{temp}"
        for t, c in columns
    ]
    sql += [f"DROP DOMAIN {ident(*name)}", f"ALTER DOMAIN {temp} RENAME TO {ident(name[1])}"]
    populated = sorted({t[1] for t, _c in columns if ctx.is_populated(t)})
    changed = f"base type changes to {new.base_type}"
    if new.base_type == ctx.live.domains[name].base_type:
        changed = f"collation changes to {new.collation}" if new.collation else "collation changes to the default"
    why = (
        f"domain {name[1]}: its {changed} (there is no ALTER DOMAIN … TYPE or COLLATE): created "
        f"anew under a temporary name, its columns re-typed to it, the old one dropped and the new one renamed, "
        "in one transaction"
    )
    if populated:
        why += f"; re-typing rewrites {', '.join(populated)} under an ACCESS EXCLUSIVE lock: held for approval"
    return ctx.known_step(
        ";\n".join(sql),
        PhaseName.CONTRACT if populated else PhaseName.EXPAND,
        why,
        kind="REPLACE DOMAIN",
        lock=Lock.ACCESS_EXCLUSIVE if columns else Lock.NONE,
        table=columns[0][0] if columns else None,
        operation=Operation.REPLACE_DOMAIN,
        hazards=(Hazard.TABLE_REWRITE, Hazard.ACCESS_EXCLUSIVE_LOCK) if populated else (),
    )
