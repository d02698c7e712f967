"""Renames from ``renamedFrom``: ``ALTER … RENAME`` instead of drop + create.

The engine diffs the live database against a shadow in which the renamed objects carry their *old*
names, so the differ sees no drop and no create. The planner then renames first (expand) and
translates the differ's statements (and the live catalog) to the new names.
"""

from __future__ import annotations

from dataclasses import replace

import postgast
from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Hazard
from schemawright.guard.nodes import range_name
from schemawright.inspect.catalog import Catalog, QualifiedName, Table
from schemawright.plan.context import Context, Stmt, deparse
from schemawright.plan.hints import Hints
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident
from schemawright.plan.operations.base import Action
from schemawright.plan.operations.indexes import RenameIndex
from schemawright.plan.operations.tables import Rename


def pending(hints: Hints, live: Catalog) -> tuple[dict[QualifiedName, QualifiedName], dict[tuple[str, str, str], str]]:
    """The renames still to do: the old name exists live and the new one does not (re-plans are no-ops)."""
    tables = {new: old for new, old in hints.table_renames.items() if old in live.tables and new not in live.tables}
    columns: dict[tuple[str, str, str], str] = {}
    for (schema, table, column), old_column in hints.column_renames.items():
        live_table = live.tables.get(tables.get((schema, table), (schema, table)))
        if live_table and old_column in live_table.columns and column not in live_table.columns:
            columns[(schema, table, column)] = old_column
    return tables, columns


def dependent_renames(hints: Hints, live: Catalog, desired: Catalog) -> list[tuple[str, QualifiedName, str, str]]:
    """Constraints and indexes named after a renamed table (``people_pkey`` → ``members_pkey``), as
    ``(kind, table, old name, new name)``: ``table`` is the table's new name.
    """
    tables, _columns = pending(hints, live)
    found: list[tuple[str, QualifiedName, str, str]] = []
    for (schema, new), (_s, old) in sorted(tables.items()):
        for s, t, name in sorted(desired.constraints):
            if (s, t) == (schema, new) and name.startswith(new + "_"):
                before = old + name[len(new) :]
                if (s, old, before) in live.constraints and (s, old, name) not in live.constraints:
                    found.append(("constraint", (s, new), before, name))
        for (s, name), index in sorted(desired.indexes.items()):
            if (s, index.table) == (schema, new) and index.constraint is None and name.startswith(new + "_"):
                before = old + name[len(new) :]
                if (s, before) in live.indexes and (s, name) not in live.indexes:
                    found.append(("index", (s, new), before, name))
    return found


def reverse_statements(hints: Hints, live: Catalog, desired: Catalog) -> list[str]:
    """SQL that gives the shadow's renamed objects their live (old) names, columns first."""
    tables, columns = pending(hints, live)
    sql = [
        f"ALTER TABLE {ident(s, t)} RENAME COLUMN {ident(c)} TO {ident(old)}"
        for (s, t, c), old in sorted(columns.items())
    ]
    for kind, where, before, name in dependent_renames(hints, live, desired):
        sql.append(
            f"ALTER TABLE {ident(*where)} RENAME CONSTRAINT {ident(name)} TO {ident(before)}"
            if kind == "constraint"
            else f"ALTER INDEX {ident(where[0], name)} RENAME TO {ident(before)}"
        )
    sql += [f"ALTER TABLE {ident(*new)} RENAME TO {ident(old[1])}" for new, old in sorted(tables.items())]
    return sql


def rename_steps(
    ctx: Context, tables: dict[QualifiedName, QualifiedName], columns: dict[tuple[str, str, str], str]
) -> list[Step]:
    """The rename steps, tables first (columns are then addressed by the new table name)."""
    steps = [
        ctx.emit(
            Rename(f"ALTER TABLE {ident(*old)} RENAME TO {ident(new[1])}", old, "TABLE"),
            PhaseName.EXPAND,
            f"table {old[1]} is renamed to {new[1]} (renamedFrom): its rows, indexes and constraints stay; "
            "deploy the application that uses the new name together with this plan",
            rollback=f"ALTER TABLE {ident(*new)} RENAME TO {ident(old[1])}",
            add=(Hazard.BREAKS_CLIENTS,),
        )
        for new, old in sorted(tables.items())
    ]
    # Later renames address the table by its new name: classify them against the renamed catalog, so the
    # lock they take on the (existing, possibly populated) table is reported.
    after = Context(live=translate_catalog(ctx.live, tables, {}), desired=ctx.desired, hints=ctx.hints, statements=[])
    steps += [
        after.emit(
            Rename(f"ALTER TABLE {ident(s, t)} RENAME COLUMN {ident(old)} TO {ident(c)}", (s, t), "COLUMN"),
            PhaseName.EXPAND,
            f"column {old} of {t} is renamed to {c} (renamedFrom): its values stay",
            rollback=f"ALTER TABLE {ident(s, t)} RENAME COLUMN {ident(c)} TO {ident(old)}",
            add=(Hazard.BREAKS_CLIENTS,),
        )
        for (s, t, c), old in sorted(columns.items())
    ]
    for kind, where, before, name in dependent_renames(ctx.hints, ctx.live, ctx.desired):
        renamed: Action
        if kind == "constraint":
            renamed = Rename(
                f"ALTER TABLE {ident(*where)} RENAME CONSTRAINT {ident(before)} TO {ident(name)}", where, "CONSTRAINT"
            )
            back = f"ALTER TABLE {ident(*where)} RENAME CONSTRAINT {ident(name)} TO {ident(before)}"
        else:
            renamed = RenameIndex(
                sql=f"ALTER INDEX {ident(where[0], before)} RENAME TO {ident(name)}", name=(where[0], before), to=name
            )
            back = f"ALTER INDEX {ident(where[0], name)} RENAME TO {ident(before)}"
        steps.append(
            after.emit(
                renamed, PhaseName.EXPAND, f"{kind} {before} follows its table's new name: {name}", rollback=back
            )
        )
    return steps


def translate_catalog(
    live: Catalog, tables: dict[QualifiedName, QualifiedName], columns: dict[tuple[str, str, str], str]
) -> Catalog:
    """The live catalog as it will be once the renames ran."""
    if not tables and not columns:
        return live  # nothing renamed: not a copy of every table, column, index and constraint
    old_to_new = {old: new for new, old in tables.items()}
    new_tables: dict[QualifiedName, Table] = {}
    for key, table in live.tables.items():
        new_key = old_to_new.get(key, key)
        renamed_cols = {old: c for (s, t, c), old in columns.items() if (s, t) == new_key}
        cols = {renamed_cols.get(n, n): replace(col, name=renamed_cols.get(n, n)) for n, col in table.columns.items()}
        new_tables[new_key] = replace(
            table, name=new_key[1], columns=cols, primary_key=tuple(renamed_cols.get(k, k) for k in table.primary_key)
        )
    indexes = {
        k: replace(i, table=old_to_new.get((i.schema, i.table), (i.schema, i.table))[1])
        for k, i in live.indexes.items()
    }
    constraints = {}
    for (s, t, n), con in live.constraints.items():
        new_t = old_to_new.get((s, t), (s, t))[1]
        constraints[(s, new_t, n)] = replace(con, table=new_t)
    new_columns = {(s, t, old): c for (s, t, c), old in columns.items()}
    not_null_names = {}
    for (s, t, c), name in live.not_null_names.items():
        new_t = old_to_new.get((s, t), (s, t))[1]
        not_null_names[(s, new_t, new_columns.get((s, new_t, c), c))] = name
    return replace(live, tables=new_tables, indexes=indexes, constraints=constraints, not_null_names=not_null_names)


def translate(
    stmt: Stmt,
    tables: dict[QualifiedName, QualifiedName],
    columns: dict[tuple[str, str, str], str],
    default_schema: str,
) -> Stmt:
    """``stmt`` with old table and column names replaced by the new ones."""
    if not tables and not columns:
        return stmt
    old_to_new = {old: new for new, old in tables.items()}
    node = stmt.copy_node()
    changed = False
    subject: QualifiedName | None = None
    for _field, message in postgast.walk(node):
        if isinstance(message, pb.RangeVar):
            key = range_name(message, default_schema)
            if key in old_to_new:
                message.relname = old_to_new[key][1]
                changed = True
            subject = subject or range_name(message, default_schema)
    if subject is not None:
        renamed = {old: c for (s, t, c), old in columns.items() if (s, t) == subject}
        if renamed:
            changed |= _rename_columns(node, renamed)
    return Stmt(sql=deparse(node), node=node) if changed else stmt


def _rename_columns(node: pb.Node, renamed: dict[str, str]) -> bool:
    changed = False
    for _field, message in postgast.walk(node):
        strings: list[pb.String] = []
        if isinstance(message, pb.ColumnRef) and message.fields and message.fields[-1].HasField("string"):
            strings = [message.fields[-1].string]
        elif isinstance(message, pb.Constraint):
            strings = [n.string for n in [*message.keys, *message.fk_attrs, *message.including]]
        for s in strings:
            if s.sval in renamed:
                s.sval = renamed[s.sval]
                changed = True
        if isinstance(message, pb.IndexElem) and message.name in renamed:
            message.name = renamed[message.name]
            changed = True
        if isinstance(message, pb.AlterTableCmd) and message.name in renamed:
            message.name = renamed[message.name]
            changed = True
    return changed
