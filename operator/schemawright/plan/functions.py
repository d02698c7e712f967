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
from schemawright.inspect.catalog import QualifiedName
from schemawright.plan import carried, users
from schemawright.plan.context import Context, Stmt
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident, qualified
from schemawright.plan.operations import Operation

_INPUT_MODES = (
    pb.FunctionParameterMode.FUNC_PARAM_DEFAULT,
    pb.FunctionParameterMode.FUNC_PARAM_IN,
    pb.FunctionParameterMode.FUNC_PARAM_INOUT,
    pb.FunctionParameterMode.FUNC_PARAM_VARIADIC,
)
_RETURNS = re.compile(r"^ RETURNS (.*)$", re.M)
_FUNCTION_DROPS = (pb.ObjectType.OBJECT_FUNCTION, pb.ObjectType.OBJECT_PROCEDURE)


def created_overload(stmt: pb.CreateFunctionStmt, schema: str) -> tuple[QualifiedName, str]:
    """(name, input argument types) of the function a ``CREATE FUNCTION`` makes."""
    name = qualified([i.string.sval for i in stmt.funcname], schema)
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
                    qualified([i.string.sval for i in owa.objname], schema),
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


def argument_types(signature: str) -> str:
    """The input argument types of a catalog signature (``schema.name(identity arguments)``), as
    :func:`created_overload` gives them."""
    return _signature_key(signature)[1]


def of_type(type_name: QualifiedName, ctx: Context) -> list[tuple[str, QualifiedName, str]]:
    """(signature, name, identity arguments) of the live functions whose arguments or result are of the type
    ``type_name`` (PostgreSQL refuses to drop the type under them). pg_depend names the function without its
    arguments: the overload is told by the type's name in its arguments or ``RETURNS`` clause."""
    users = {(d[1], d[2]) for d in ctx.live.dependents(("type", *type_name)) if d[0] == "function"}
    word = re.compile(rf"(^|[^\w$]){re.escape(type_name[1])}([^\w$]|$)")
    found = []
    for signature, definition in sorted(ctx.live.functions.items()):
        name, _types, args = _signature_key(signature)
        if name in users and word.search(f"{args} {_returns(definition) or ''}"):
            found.append((signature, name, args))
    return found


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
        views, defaults = users.users({("function", *name)}, ctx)
        ctx.handled.add(id(create))
        users.consume(ctx, views, defaults)
        sql = users.taken_out(views, defaults, ctx)
        sql += [f"drop function if exists {ident(*name)}({args})", create.sql]
        sql += users.put_back(views, defaults, ctx)
        # PostgreSQL does not keep the function's privileges across the drop.
        kind = "PROCEDURE" if create.node.create_function_stmt.is_procedure else "FUNCTION"
        sql += carried.function_regrants(kind, name[0], f"{name[1]}({args})", ctx)
        ctx.regranted.add((name[0], f"{name[1]}({args})"))
        used_by = ", ".join([f"view {v[1]}" for v in views] + [f"the default of {t[1]}.{c}" for t, c in defaults])
        steps.append(
            ctx.known_step(
                ";\n".join(sql),
                PhaseName.CONTRACT,
                f"function {name[1]}({args}) changes its return type ({_returns(old)} → {_returns(new)}), which CREATE OR "
                f"REPLACE cannot do: dropped and created again in one transaction"
                + (f" with what uses it ({used_by}) dropped before and re-created after" if used_by else "")
                + "; callers get another type: held for approval",
                kind="REPLACE FUNCTION",
                lock=Lock.ACCESS_EXCLUSIVE,
                table=defaults[0][0] if defaults else None,
                operation=Operation.REPLACE_FUNCTION,
                hazards=(Hazard.BREAKS_CLIENTS,),
            )
        )
    return steps


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
