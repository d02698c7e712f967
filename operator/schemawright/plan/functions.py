"""Functions: overloads, changes ``CREATE OR REPLACE`` cannot make, and what stores a function's results.

- An overload is a function name *and* its input argument types: migra's drop of ``f(text)`` next to its
  create of ``f(text, integer)`` is no replacement but a new function and the removal of an old one (callers
  of the old signature break: contract, held for approval).
- ``CREATE OR REPLACE FUNCTION`` cannot change a function's return type (42P13), and PostgreSQL refuses to
  drop a function a view or a column default uses (2BP01). Such a function is dropped and created again in
  one transaction, with what uses it dropped before and re-created after (``replace_function``, contract:
  callers get another type); the function's privileges and its views' privileges and comments are set again in
  the same transaction.
- An expression index stores a function's results: when the function's body changes, the index holds stale
  values and lookups through it return wrong rows. It is rebuilt with ``REINDEX INDEX CONCURRENTLY``
  (``reindex``, expand, after the function is replaced).
"""

from __future__ import annotations

import re
from dataclasses import replace

from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Hazard, Lock
from schemawright.classify.statements import type_text
from schemawright.inspect.catalog import ObjectRef, QualifiedName
from schemawright.plan import carried, viewchains
from schemawright.plan.context import Context, Stmt
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident
from schemawright.plan.operations import Operation

_INPUT_MODES = (
    pb.FunctionParameterMode.FUNC_PARAM_DEFAULT,
    pb.FunctionParameterMode.FUNC_PARAM_IN,
    pb.FunctionParameterMode.FUNC_PARAM_INOUT,
    pb.FunctionParameterMode.FUNC_PARAM_VARIADIC,
)
_RETURNS = re.compile(r"^ RETURNS (.*)$", re.M)
_FUNCTION_DROPS = (pb.ObjectType.OBJECT_FUNCTION, pb.ObjectType.OBJECT_PROCEDURE)
_VIEW_DROPS = (pb.ObjectType.OBJECT_VIEW, pb.ObjectType.OBJECT_MATVIEW)


def _qualified(parts: list[str], schema: str) -> QualifiedName:
    return (parts[-2], parts[-1]) if len(parts) >= 2 else (schema, parts[-1])


def created_overload(stmt: pb.CreateFunctionStmt, schema: str) -> tuple[QualifiedName, str]:
    """(name, input argument types) of the function a ``CREATE FUNCTION`` makes."""
    name = _qualified([i.string.sval for i in stmt.funcname], schema)
    types = [
        type_text(p.function_parameter.arg_type) for p in stmt.parameters if p.function_parameter.mode in _INPUT_MODES
    ]
    return name, ", ".join(types)


def dropped_overloads(stmt: pb.DropStmt, schema: str) -> list[tuple[QualifiedName, str]]:
    """(name, input argument types) of each function a ``DROP FUNCTION`` removes."""
    if stmt.remove_type not in _FUNCTION_DROPS:
        return []
    found = []
    for obj in stmt.objects:
        if obj.HasField("object_with_args"):
            owa = obj.object_with_args
            found.append(
                (
                    _qualified([i.string.sval for i in owa.objname], schema),
                    ", ".join(type_text(t.type_name) for t in owa.objargs),
                )
            )
    return found


def _returns(definition: str) -> str | None:
    found = _RETURNS.search(definition)
    return found.group(1).strip() if found else None


def _signature_key(signature: str) -> tuple[QualifiedName, str, str]:
    """``schema.name(identity arguments)`` of the catalog → ((schema, name), argument types, identity arguments).

    The identity arguments carry parameter names (``c integer``): parsed, so that they compare with a
    ``CREATE FUNCTION``'s argument types.
    """
    head, args = signature.split("(", 1)
    schema, name = head.split(".", 1)
    args = args.removesuffix(")")
    probe = Stmt.parse(f"CREATE FUNCTION f({args}) RETURNS integer LANGUAGE sql AS 'SELECT 1'")
    return (schema, name), created_overload(probe.node.create_function_stmt, schema)[1], args


def _differ_creates(ctx: Context) -> dict[str, Stmt]:
    """The differ's ``CREATE FUNCTION`` statements by the catalog's name for them (``schema.name``)."""
    found: dict[str, Stmt] = {}
    for stmt in ctx.statements:
        if stmt.which == "create_function_stmt" and id(stmt) not in ctx.handled:
            (schema, name), _args = created_overload(stmt.node.create_function_stmt, ctx.schema)
            found.setdefault(f"{schema}.{name}", stmt)
    return found


def _users(ref: ObjectRef, ctx: Context) -> tuple[list[QualifiedName], list[tuple[QualifiedName, str]]]:
    """Live views (with the views reading them, readers last) and column defaults that use the function."""
    views: list[QualifiedName] = []
    defaults: list[tuple[QualifiedName, str]] = []
    for d, r in ctx.live.dependencies:
        if r != ref:
            continue
        if d[0] == "relation" and (d[1], d[2]) in ctx.live.views:
            views.append((d[1], d[2]))
        elif d[0] == "column" and (d[1], d[2]) in ctx.live.tables and len(d) == 4:
            column = ctx.live.tables[(d[1], d[2])].columns.get(d[3])
            if column is not None and column.default is not None and not column.generated:
                defaults.append(((d[1], d[2]), d[3]))
    readers = [v for v in ctx.live.views if v not in views and viewchains.reads([v], ctx.live) & set(views)]
    return sorted(set(views)) + _by_depth(readers, ctx), sorted(set(defaults))


def _by_depth(views: list[QualifiedName], ctx: Context) -> list[QualifiedName]:
    """``views`` with each after the views it reads."""
    return sorted(views, key=lambda v: (len(viewchains.reads([v], ctx.live)), v))


def _consume(ctx: Context, views: list[QualifiedName], defaults: list[tuple[QualifiedName, str]]) -> None:
    """The differ's own drops and re-creations of these views and defaults: replaced by the one step."""
    for stmt in ctx.statements:
        if _is_view_of(stmt, views, ctx):
            ctx.handled.add(id(stmt))
        elif stmt.which == "alter_table_stmt" and len(stmt.node.alter_table_stmt.cmds) == 1:
            cmd = stmt.node.alter_table_stmt.cmds[0].alter_table_cmd
            table = ctx.qualify(stmt.node.alter_table_stmt.relation)
            if cmd.subtype == pb.AlterTableType.AT_ColumnDefault and (table, cmd.name) in defaults:
                ctx.handled.add(id(stmt))


def _is_view_of(stmt: Stmt, views: list[QualifiedName], ctx: Context) -> bool:
    """True when ``stmt`` drops or creates one of ``views``."""
    if stmt.which == "view_stmt":
        return ctx.qualify(stmt.node.view_stmt.view) in views
    if stmt.which == "create_table_as_stmt":
        return ctx.qualify(stmt.node.create_table_as_stmt.into.rel) in views
    return (
        stmt.which == "drop_stmt"
        and stmt.node.drop_stmt.remove_type in _VIEW_DROPS
        and all(
            _qualified([i.string.sval for i in o.list.items], ctx.schema) in views for o in stmt.node.drop_stmt.objects
        )
    )


def return_type_changes(ctx: Context) -> list[Step]:
    """A function whose return type changes, replaced in one transaction with the views and defaults using it."""
    creates = _differ_creates(ctx)
    steps: list[Step] = []
    for signature, old in sorted(ctx.live.functions.items()):
        new = ctx.desired.functions.get(signature)
        name, types, args = _signature_key(signature)
        create = creates.get(f"{name[0]}.{name[1]}")
        if new is None or create is None or _returns(old) == _returns(new):
            continue
        if created_overload(create.node.create_function_stmt, ctx.schema) != (name, types):
            continue
        views, defaults = _users(("function", *name), ctx)
        ctx.handled.add(id(create))
        _consume(ctx, views, defaults)
        sql = [f"drop {_kind(v, ctx)} if exists {ident(*v)}" for v in reversed(views)]
        sql += [f"alter table {ident(*t)} alter column {ident(c)} drop default" for t, c in defaults]
        sql.append(f"drop function if exists {ident(*name)}({args})")
        sql.append(create.sql)
        sql += [
            f"alter table {ident(*t)} alter column {ident(c)} set default {_default(t, c, ctx)}"
            for t, c in defaults
            if _default(t, c, ctx) is not None
        ]
        sql += [ctx.desired.view_sql[v].rstrip().rstrip(";") for v in views if v in ctx.desired.view_sql]
        # What PostgreSQL does not keep across the drop: the function's privileges, the views' privileges and
        # their columns' comments (each view's definition carries its own comment).
        kind = "PROCEDURE" if create.node.create_function_stmt.is_procedure else "FUNCTION"
        sql += carried.function_regrants(kind, name[0], f"{name[1]}({args})", ctx)
        ctx.regranted.add((name[0], f"{name[1]}({args})"))
        sql += [
            a.sql
            for v in views
            if v in ctx.desired.view_sql
            for a in carried.carry(v, ctx, with_relation_comment=False)
        ]
        users = ", ".join([f"view {v[1]}" for v in views] + [f"the default of {t[1]}.{c}" for t, c in defaults])
        steps.append(
            ctx.known_step(
                ";\n".join(sql),
                PhaseName.CONTRACT,
                f"function {name[1]}({args}) changes its return type ({_returns(old)} → {_returns(new)}), which CREATE OR "
                f"REPLACE cannot do: dropped and created again in one transaction"
                + (f" with what uses it ({users}) dropped before and re-created after" if users else "")
                + "; callers get another type: held for approval",
                kind="REPLACE FUNCTION",
                lock=Lock.ACCESS_EXCLUSIVE,
                table=defaults[0][0] if defaults else None,
                operation=Operation.REPLACE_FUNCTION,
                hazards=(Hazard.BREAKS_CLIENTS,),
            )
        )
    return steps


def _kind(view: QualifiedName, ctx: Context) -> str:
    return "materialized view" if ctx.live.views[view].startswith("MATERIALIZED") else "view"


def _default(table: QualifiedName, column: str, ctx: Context) -> str | None:
    wanted = ctx.desired.tables.get(table)
    found = wanted.columns.get(column) if wanted else None
    return found.default if found else None


def stale_indexes(ctx: Context) -> list[Step]:
    """``REINDEX INDEX CONCURRENTLY`` for each live expression index over a function whose body the plan changes
    (same signature; the differ re-creates it with ``CREATE OR REPLACE``), unless the index is rebuilt anyway."""
    creates = _differ_creates(ctx)
    changed = set()
    for signature, old in ctx.live.functions.items():
        new = ctx.desired.functions.get(signature)
        name, _types, _args = _signature_key(signature)
        if new is not None and new != old and f"{name[0]}.{name[1]}" in creates:
            changed.add(("function", *name))
    rebuilt = {
        ctx.qualify(s.node.index_stmt.relation)[0] + "." + s.node.index_stmt.idxname
        for s in ctx.statements
        if s.which == "index_stmt"
    }
    steps = []
    for d, r in sorted(ctx.live.dependencies):
        index = ctx.live.indexes.get((d[1], d[2])) if d[0] == "relation" else None
        if r not in changed or index is None or f"{d[1]}.{d[2]}" in rebuilt or (d[1], d[2]) not in ctx.desired.indexes:
            continue
        step = ctx.known_step(
            f"REINDEX INDEX CONCURRENTLY {ident(d[1], d[2])}",
            PhaseName.EXPAND,
            f"index {d[2]} stores the results of {r[2]}(), whose body changes: rebuilt concurrently (writes continue), "
            "or lookups through it would return rows by the old results",
            kind="REINDEX INDEX CONCURRENTLY",
            lock=Lock.SHARE_UPDATE_EXCLUSIVE,
            table=(index.schema, index.table),
            operation=Operation.REINDEX,
            hazards=(Hazard.INDEX_BUILD,) if ctx.is_populated((index.schema, index.table)) else (),
        )
        steps.append(replace(step, transactional=False))  # REINDEX CONCURRENTLY cannot run in a transaction
    return steps
