"""Composite types changed in place (docs/rewrites.md, "Composite types").

migra drops a changed composite type and creates it again. Planned one statement at a time the create would
run before the drop ("already exists"), and dropping a type that columns or functions use fails anyway. Here
the pair becomes one change:

- attributes added (after the existing ones): ``ALTER TYPE … ADD ATTRIBUTE`` — expand, catalog-only (stored
  values read the new attribute as NULL);
- attributes dropped: ``ALTER TYPE … DROP ATTRIBUTE`` — contract, destructive (their values are gone);
- an attribute's type changed, the type used by no table column: ``ALTER ATTRIBUTE … TYPE`` — expand;
- otherwise (PostgreSQL refuses ``ALTER ATTRIBUTE … TYPE`` while a column uses the type, and attributes keep
  their order): the desired type is created as ``<name>__sw_new``, every column of the old type re-typed to
  it (attributes carried over by name), the old type dropped and the new one renamed, in one transaction —
  contract, a rewrite of every table holding such a column.
"""

from __future__ import annotations

from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Hazard, Lock
from schemawright.inspect.catalog import QualifiedName
from schemawright.plan import carried, functions, users
from schemawright.plan.context import Context, Stmt
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident, temporary
from schemawright.plan.operations import Operation

Attributes = tuple[tuple[str, str], ...]  # (name, format_type) in attribute order


def _dropped_type(stmt: Stmt, ctx: Context) -> QualifiedName | None:
    if stmt.which != "drop_stmt" or stmt.node.drop_stmt.remove_type != pb.ObjectType.OBJECT_TYPE:
        return None
    objects = stmt.node.drop_stmt.objects
    if len(objects) != 1 or not objects[0].HasField("type_name"):
        return None
    parts = [i.string.sval for i in objects[0].type_name.names]
    return (parts[0], parts[-1]) if len(parts) >= 2 else (ctx.schema, parts[-1])


def composite_changes(ctx: Context) -> list[Step]:
    """Plan every drop + create of the same composite type as one change; mark both statements handled."""
    steps: list[Step] = []
    for drop in ctx.statements:
        name = _dropped_type(drop, ctx)
        if name is None or id(drop) in ctx.handled:
            continue
        old, new = ctx.live.composite_types.get(name), ctx.desired.composite_types.get(name)
        create = next(
            (
                s
                for s in ctx.statements
                if s.which == "composite_type_stmt" and ctx.qualify(s.node.composite_type_stmt.typevar) == name
            ),
            None,
        )
        if old is None or new is None or create is None or id(create) in ctx.handled:
            continue
        ctx.handled.update({id(drop), id(create)})
        steps += (
            _in_place(ctx, name, old, new) if _in_place_possible(ctx, name, old, new) else [_swap(ctx, name, old, new)]
        )
    return steps


def _columns_using(ctx: Context, name: QualifiedName) -> list[tuple[QualifiedName, str]]:
    """The live table columns of the type ``name``: (table, column)."""
    return sorted(
        ((d[1], d[2]), d[3])
        for d in ctx.live.dependents(("type", *name))
        if d[0] == "column" and (d[1], d[2]) in ctx.live.tables
    )


def _in_place_possible(ctx: Context, name: QualifiedName, old: Attributes, new: Attributes) -> bool:
    old_types, new_types = dict(old), dict(new)
    kept_in_old = [a for a, _t in old if a in new_types]
    kept_in_new = [a for a, _t in new if a in old_types]
    added_last = [a for a, _t in new][len(kept_in_new) :] == [a for a, _t in new if a not in old_types]
    retyped = any(old_types[a] != new_types[a] for a in kept_in_old)
    return kept_in_old == kept_in_new and added_last and not (retyped and _columns_using(ctx, name))


def _in_place(ctx: Context, name: QualifiedName, old: Attributes, new: Attributes) -> list[Step]:
    target = f"ALTER TYPE {ident(*name)}"
    old_types, new_types = dict(old), dict(new)
    steps = []
    added = [(a, t) for a, t in new if a not in old_types]
    if added:
        steps.append(
            ctx.known_step(
                f"{target} " + ", ".join(f"ADD ATTRIBUTE {ident(a)} {t}" for a, t in added),
                PhaseName.EXPAND,
                f"composite type {name[1]} gains {', '.join(a for a, _t in added)}: catalog-only, stored values read "
                "it as NULL",
                kind="ALTER TYPE ADD ATTRIBUTE",
                lock=Lock.ACCESS_EXCLUSIVE,
                table=None,
                operation=Operation.ALTER_COMPOSITE,
                rollback=f"{target} " + ", ".join(f"DROP ATTRIBUTE {ident(a)}" for a, _t in added),
            )
        )
    retyped = [(a, t) for a, t in new if a in old_types and old_types[a] != t]
    if retyped:
        steps.append(
            ctx.known_step(
                f"{target} " + ", ".join(f"ALTER ATTRIBUTE {ident(a)} TYPE {t}" for a, t in retyped),
                PhaseName.EXPAND,
                f"composite type {name[1]}: {', '.join(a for a, _t in retyped)} change type (no table column uses it)",
                kind="ALTER TYPE ALTER ATTRIBUTE TYPE",
                lock=Lock.ACCESS_EXCLUSIVE,
                table=None,
                operation=Operation.ALTER_COMPOSITE,
                rollback=f"{target} "
                + ", ".join(f"ALTER ATTRIBUTE {ident(a)} TYPE {old_types[a]}" for a, _t in retyped),
            )
        )
    dropped = [a for a, _t in old if a not in new_types]
    if dropped:
        populated = [t for t, _c in _columns_using(ctx, name) if ctx.is_populated(t)]
        steps.append(
            ctx.known_step(
                f"{target} " + ", ".join(f"DROP ATTRIBUTE {ident(a)}" for a in dropped),
                PhaseName.CONTRACT,
                f"composite type {name[1]} loses {', '.join(dropped)}: their values are deleted"
                + (f" from {', '.join(sorted({t[1] for t in populated}))}" if populated else "")
                + ": held for approval",
                kind="ALTER TYPE DROP ATTRIBUTE",
                lock=Lock.ACCESS_EXCLUSIVE,
                table=None,
                operation=Operation.ALTER_COMPOSITE,
                destructive=True,
                hazards=(Hazard.BREAKS_CLIENTS, Hazard.IRREVERSIBLE, *((Hazard.DELETES_DATA,) if populated else ())),
            )
        )
    return steps


def _swap(ctx: Context, name: QualifiedName, old: Attributes, new: Attributes) -> Step:
    temp = (name[0], temporary(name[1], "new"))
    new_type = ident(*temp)
    # What PostgreSQL refuses to drop the type under: functions of it, views using it or such a function (and
    # the views reading those), column defaults using either. Taken out first, put back after the rename.
    routines = functions.of_type(name, ctx)
    views, defaults = users.users({("type", *name), *(("function", *f) for _s, f, _a in routines)}, ctx)
    users.consume(ctx, views, defaults)
    sql = users.taken_out(views, defaults, ctx)
    sql += [f"DROP FUNCTION IF EXISTS {ident(*f)}({args})" for _s, f, args in routines]  # (or the differ's drop)
    sql.append(f"CREATE TYPE {new_type} AS ({', '.join(f'{ident(a)} {t}' for a, t in new)})")
    old_names = {a for a, _t in old}
    columns = _columns_using(ctx, name)
    for table, column in columns:
        c = ident(column)
        fields = ", ".join(f"({c}).{ident(a)}" if a in old_names else "NULL" for a, _t in new)
        # A composite value whose fields are all NULL "IS NULL" too: its text form is NULL only for a NULL value.
        sql.append(
            f"ALTER TABLE {ident(*table)} ALTER COLUMN {c} TYPE {new_type} USING CASE WHEN {c}::text IS NULL "
            f"THEN NULL ELSE ROW({fields})::{new_type} END"
        )
    sql += [f"DROP TYPE {ident(*name)}", f"ALTER TYPE {new_type} RENAME TO {ident(name[1])}"]
    sql += _routines_back(routines, ctx)
    sql += users.put_back(views, defaults, ctx)
    populated = any(ctx.is_populated(t) for t, _c in columns)
    lost = sorted(old_names - {a for a, _t in new})
    used_by = [f"function {f[1]}({args})" for _s, f, args in routines] + [f"view {v[1]}" for v in views]
    used_by += [f"the default of {t[1]}.{c}" for t, c in defaults]
    return ctx.known_step(
        ";\n".join(sql),
        PhaseName.CONTRACT,
        f"composite type {name[1]} changes in a way ALTER TYPE cannot make while columns use it: the new type is "
        f"built as {temp[1]}, every column of the old type re-typed to it (attributes carried over by name"
        + (f"; {', '.join(lost)} deleted" if lost else "")
        + "), the old type dropped and the new one renamed, "
        + (
            f"with what uses the type ({', '.join(used_by)}) dropped before and re-created after with its "
            "privileges and comments, "
            if used_by
            else ""
        )
        + "in one transaction: held for approval",
        kind=("DROP VIEW + " if views else "")
        + ("DROP FUNCTION + " if routines else "")
        + "CREATE TYPE + ALTER TABLE ALTER COLUMN TYPE + DROP TYPE + RENAME TYPE"
        + (" + CREATE FUNCTION" if routines else "")
        + (" + CREATE VIEW" if views else ""),
        lock=Lock.ACCESS_EXCLUSIVE,
        table=columns[0][0] if columns else None,
        operation=Operation.ALTER_COMPOSITE,
        destructive=bool(lost),
        hazards=(Hazard.TABLE_REWRITE, Hazard.ACCESS_EXCLUSIVE_LOCK) if populated else (),
    )


def _routines_back(routines: list[tuple[str, QualifiedName, str]], ctx: Context) -> list[str]:
    """The desired definitions of the functions of the swapped type (on the new type, now of the old name) with
    their privileges; the differ's own re-creations of them are consumed."""
    sql = []
    for signature, name, args in routines:
        definition = ctx.desired.functions.get(signature)
        for stmt in ctx.statements:
            if stmt.which == "create_function_stmt" and functions.created_overload(
                stmt.node.create_function_stmt, ctx.schema
            ) == (name, functions.argument_types(signature)):
                ctx.handled.add(id(stmt))
        if definition is None:
            continue  # no longer desired: it stays dropped (the differ's drop of it says IF EXISTS)
        sql.append(definition.strip().rstrip(";"))
        kind = "PROCEDURE" if definition.lstrip().startswith("CREATE OR REPLACE PROCEDURE") else "FUNCTION"
        sql += carried.function_regrants(kind, name[0], f"{name[1]}({args})", ctx)
        ctx.regranted.add((name[0], f"{name[1]}({args})"))
    return sql
