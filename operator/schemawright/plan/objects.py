"""Whole objects: new tables and types (expand), drops (contract), and drop + re-create of views,
functions, triggers and policies (a replacement, not a destruction)."""

from __future__ import annotations

from postgast import pg_query_pb2 as pb

from schemawright.inspect.catalog import QualifiedName
from schemawright.plan import functions
from schemawright.plan.carried import carried_kinds, carry
from schemawright.plan.context import Context, Stmt, deparse
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident
from schemawright.plan.operations.base import Known
from schemawright.plan.operations.objects import dropped_table

EXPAND, CONTRACT = PhaseName.EXPAND, PhaseName.CONTRACT
_OBJ = pb.ObjectType


def _names(stmt: Stmt, ctx: Context) -> list[tuple[str, str]]:
    names = []
    for obj in stmt.node.drop_stmt.objects:
        if obj.HasField("list"):
            parts = [i.string.sval for i in obj.list.items]
        elif obj.HasField("object_with_args"):
            parts = [i.string.sval for i in obj.object_with_args.objname]
        elif obj.HasField("string"):
            parts = [obj.string.sval]
        else:
            parts = [obj.type_name.names[-1].string.sval] if obj.HasField("type_name") else ["?"]
        names.append((parts[0], parts[-1]) if len(parts) >= 2 else (ctx.schema, parts[-1]))
    return names


def differ_placeholder(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """migra prints ``select 1; -- CREATE INDEX …`` for the index of an exclusion constraint (the constraint
    creates or drops it): nothing to run."""
    if stmt.which == "select_stmt" and stmt.sql.lower().startswith("select 1; --"):
        return []
    return None


def drop_table(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """``DROP TABLE`` → contract, destructive, with the row estimate in the reason."""
    if stmt.which != "drop_stmt" or stmt.node.drop_stmt.remove_type != _OBJ.OBJECT_TABLE:
        return None
    steps = []
    for name in _names(stmt, ctx):
        live = ctx.live.tables.get(name)
        rows = live.size_text if live and live.populated else "no rows"
        steps.append(
            ctx.emit(
                dropped_table(f"DROP TABLE {ident(*name)}", name),
                CONTRACT,
                f"table {name[1]} is no longer desired: it and its data ({rows}) are deleted",
                destructive=True,
            )
        )
    return steps


def _dropped_tables(ctx: Context) -> set[tuple[str, str]]:
    """The tables the differ drops."""
    return {
        n
        for s in ctx.statements
        if s.which == "drop_stmt" and s.node.drop_stmt.remove_type == _OBJ.OBJECT_TABLE
        for n in _names(s, ctx)
    }


def _cyclic_keys(ctx: Context) -> set[tuple[str, str, str]]:
    """Foreign keys between dropped tables that reference each other, directly or round a cycle: neither table's
    DROP TABLE can come first while they stand, so they are dropped as steps of their own."""
    dropped = ctx.index(_dropped_tables)
    refers: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for (schema, table, _name), con in ctx.live.constraints.items():
        if con.kind == "f" and (schema, table) in dropped and con.referenced_table in dropped:
            refers.setdefault((schema, table), set()).add(con.referenced_table)

    def reaches(start: tuple[str, str], goal: tuple[str, str]) -> bool:
        seen, todo = {start}, [start]
        while todo:
            for nxt in refers.get(todo.pop(), ()):
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    return {
        key
        for key, con in ctx.live.constraints.items()
        if con.kind == "f"
        and (key[0], key[1]) in refers
        and con.referenced_table is not None
        and con.referenced_table in refers
        and con.referenced_table != (key[0], key[1])  # a table's key on itself goes with it
        and reaches(con.referenced_table, (key[0], key[1]))
    }


def member_of_dropped_table(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """Constraint and index drops of a table that is dropped anyway: nothing to do (but a foreign key in a cycle
    of dropped tables: :func:`_cyclic_keys`)."""
    dropped = ctx.index(_dropped_tables)
    if not dropped:
        return None
    if stmt.which == "alter_table_stmt":
        table = ctx.qualify(stmt.node.alter_table_stmt.relation)
        cmds = [c.alter_table_cmd for c in stmt.node.alter_table_stmt.cmds]
        cyclic = ctx.index(_cyclic_keys)
        if (
            table in dropped
            and all(c.subtype == pb.AlterTableType.AT_DropConstraint for c in cmds)
            and not any((*table, c.name) in cyclic for c in cmds)
        ):
            return []
    if stmt.which == "drop_stmt" and stmt.node.drop_stmt.remove_type == _OBJ.OBJECT_INDEX:
        for name in _names(stmt, ctx):
            index = ctx.live.indexes.get(name)
            if index and (index.schema, index.table) in dropped:
                return []
    return None


_VIEW_KINDS = {_OBJ.OBJECT_VIEW, _OBJ.OBJECT_MATVIEW}
_REPLACEABLE = {
    _OBJ.OBJECT_VIEW: "view",
    _OBJ.OBJECT_MATVIEW: "materialized view",
    _OBJ.OBJECT_FUNCTION: "function",
    _OBJ.OBJECT_PROCEDURE: "procedure",
    _OBJ.OBJECT_TRIGGER: "trigger",
    _OBJ.OBJECT_POLICY: "policy",
    _OBJ.OBJECT_TYPE: "type",
    _OBJ.OBJECT_SEQUENCE: "sequence",
    _OBJ.OBJECT_DOMAIN: "domain",
}


def drop_object(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """Other drops: a replacement when the object is re-created, else contract."""
    if stmt.which != "drop_stmt" or stmt.node.drop_stmt.remove_type not in _REPLACEABLE:
        return None
    what = _REPLACEABLE[stmt.node.drop_stmt.remove_type]
    names = _names(stmt, ctx)
    if _recreated(stmt, ctx):
        ctx.recreated_objects.add(id(stmt))
        return [
            ctx.emit(
                stmt, EXPAND, f"{what} {names[0][1]} changed: dropped here and re-created below", destructive=False
            )
        ]
    return [ctx.emit(stmt, CONTRACT, f"{what} {names[0][1]} is no longer desired", destructive=True)]


def _created_name(stmt: Stmt) -> tuple[int, str] | None:
    """(object type, name) of what a CREATE statement creates, for matching against drops."""
    n = stmt.node
    match stmt.which:
        case "view_stmt":
            return _OBJ.OBJECT_VIEW, n.view_stmt.view.relname
        case "create_table_as_stmt":
            return _OBJ.OBJECT_MATVIEW, n.create_table_as_stmt.into.rel.relname
        case "create_function_stmt":
            kind = _OBJ.OBJECT_PROCEDURE if n.create_function_stmt.is_procedure else _OBJ.OBJECT_FUNCTION
            return kind, n.create_function_stmt.funcname[-1].string.sval
        case "create_trig_stmt":
            return _OBJ.OBJECT_TRIGGER, n.create_trig_stmt.trigname
        case "create_policy_stmt":
            return _OBJ.OBJECT_POLICY, n.create_policy_stmt.policy_name
    return None


def _created_names(ctx: Context) -> set[tuple[int, str]]:
    """(object type, name) of everything the differ creates."""
    return {created for other in ctx.statements if (created := _created_name(other)) is not None}


def _created_overloads(ctx: Context) -> set[tuple[tuple[str, str], str]]:
    """The functions and procedures the differ creates, overload by overload."""
    return {
        functions.created_overload(o.node.create_function_stmt, ctx.schema)
        for o in ctx.statements
        if o.which == "create_function_stmt"
    }


def _recreated(stmt: Stmt, ctx: Context) -> bool:
    drop_type = stmt.node.drop_stmt.remove_type
    if drop_type in (_OBJ.OBJECT_FUNCTION, _OBJ.OBJECT_PROCEDURE):
        # Another overload of the same name is another function: the old one's callers break.
        made = ctx.index(_created_overloads)
        return bool(made) and all(d in made for d in functions.dropped_overloads(stmt.node.drop_stmt, ctx.schema))
    names = {n[1] for n in _names(stmt, ctx)}
    # A view re-created as a materialized view (or back) around a change it must be absent for is re-created too.
    kinds = _VIEW_KINDS if drop_type in _VIEW_KINDS else {drop_type}
    created = ctx.index(_created_names)
    return any((kind, name) in created for kind in kinds for name in names)


def generated_kinds(stmt: Stmt, table: tuple[str, str], ctx: Context) -> Stmt:
    """The differ's ``CREATE TABLE`` with each generated column's kind taken from the desired table (migra prints
    STORED for PostgreSQL 18's VIRTUAL generated columns)."""
    desired = ctx.desired.tables.get(table)
    if desired is None or not any(c.generated == "v" for c in desired.columns.values()):
        return stmt
    node = stmt.copy_node()
    for element in node.create_stmt.table_elts:
        column = desired.columns.get(element.column_def.colname) if element.HasField("column_def") else None
        for c in element.column_def.constraints if column else ():
            if c.constraint.contype == pb.ConstrType.CONSTR_GENERATED and column and column.generated:
                c.constraint.generated_kind = column.generated
    return Stmt(sql=deparse(node), node=node)


def create_object(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """New tables, types, views, functions, triggers, policies, comments, row security: expand."""
    if stmt.which == "create_stmt":
        table = ctx.qualify(stmt.node.create_stmt.relation)
        return [
            ctx.emit(
                generated_kinds(stmt, table, ctx),
                EXPAND,
                f"create the new table {table[1]}",
                rollback=f"DROP TABLE IF EXISTS {ident(*table)}",
            )
        ]
    reasons = {
        "create_enum_stmt": "create the new enum type",
        "composite_type_stmt": "create the new composite type",
        "create_domain_stmt": "create the new domain",
        "view_stmt": "create or replace the view",
        "create_table_as_stmt": "create the materialized view",
        "create_function_stmt": "create or replace the function",
        "create_trig_stmt": "create the trigger",
        "create_policy_stmt": "create the row-level security policy",
        "alter_policy_stmt": "change the row-level security policy",
        "comment_stmt": "set the comment",
        "create_seq_stmt": "create the sequence",
        "alter_seq_stmt": "change the sequence",
        "create_schema_stmt": "create the schema",
        "grant_stmt": "grant privileges",
    }
    if stmt.which == "view_stmt":
        # migra re-creates views without their options (security_invoker, security_barrier) or comment:
        # take the definition from the desired database instead, so RLS keeps applying through the view.
        name = ctx.qualify(stmt.node.view_stmt.view)
        definition = ctx.desired.view_sql.get(name, stmt.sql)
        carried: list[Known] = []
        if name in ctx.index(_dropped_views):
            # Re-created: its privileges and its columns' comments went with the old view (its own comment is in
            # the definition); set here, in the step that re-creates it, so no client finds it without them.
            carried = carry(name, ctx, with_relation_comment=False)
            definition = ";\n".join([definition.rstrip().rstrip(";"), *(a.sql for a in carried)])
        return [
            ctx.classified_step(
                definition,
                EXPAND,
                reasons[stmt.which],
                kind="CREATE VIEW" + carried_kinds(carried),
                rollback=None if name in ctx.live.views else f"DROP VIEW IF EXISTS {ident(*name)}",
            )
        ]
    if stmt.which == "create_table_as_stmt" and (name := ctx.qualify(stmt.node.create_table_as_stmt.into.rel)) in (
        ctx.index(_dropped_views)
    ):
        # Re-created: its privileges and comments went with the old materialized view.
        return [ctx.emit([stmt, *carry(name, ctx)], EXPAND, reasons[stmt.which], rollback=_undo_new(stmt, ctx))]
    if stmt.which in reasons:
        return [ctx.emit(stmt, EXPAND, reasons[stmt.which], rollback=_undo_new(stmt, ctx))]
    if stmt.which == "alter_table_stmt":
        subtypes = {c.alter_table_cmd.subtype for c in stmt.node.alter_table_stmt.cmds}
        at = pb.AlterTableType
        if subtypes <= {at.AT_EnableRowSecurity, at.AT_ForceRowSecurity}:
            # With row security on and no policy yet, roles other than the owner see no rows at all: the
            # table's policies that the differ emits after this statement are created first.
            table = ctx.qualify(stmt.node.alter_table_stmt.relation)
            enabled, forced = ctx.live.row_security.get(table, (False, False))
            undo = [
                w
                for w, on in (("DISABLE ROW LEVEL SECURITY", enabled), ("NO FORCE ROW LEVEL SECURITY", forced))
                if not on
            ]
            return [
                *_policies_first(stmt, ctx),
                ctx.emit(
                    stmt,
                    EXPAND,
                    "turn on row-level security (policies decide what is visible)",
                    rollback=f"ALTER TABLE {ident(*table)} {', '.join(undo)}" if undo else None,
                ),
            ]
        if subtypes <= {at.AT_DisableRowSecurity, at.AT_NoForceRowSecurity}:
            return [
                ctx.emit(
                    stmt,
                    CONTRACT,
                    "turn off row-level security: every row becomes visible to roles with table privileges",
                    destructive=True,
                )
            ]
    return None


def _dropped_views(ctx: Context) -> set[QualifiedName]:
    """The views and materialized views the differ drops (and may re-create)."""
    return {
        name
        for s in ctx.statements
        if s.which == "drop_stmt" and s.node.drop_stmt.remove_type in _VIEW_KINDS
        for name in _names(s, ctx)
    }


def _undo_new(stmt: Stmt, ctx: Context) -> str | None:
    """The rollback of creating an object that does not exist in the live database (None otherwise)."""
    n = stmt.node
    match stmt.which:
        case "create_trig_stmt":
            table = ctx.qualify(n.create_trig_stmt.relation)
            if (*table, n.create_trig_stmt.trigname) not in ctx.live.triggers:
                return f"DROP TRIGGER IF EXISTS {ident(n.create_trig_stmt.trigname)} ON {ident(*table)}"
        case "create_policy_stmt":
            table = ctx.qualify(n.create_policy_stmt.table)
            if (*table, n.create_policy_stmt.policy_name) not in ctx.live.policies:
                return f"DROP POLICY IF EXISTS {ident(n.create_policy_stmt.policy_name)} ON {ident(*table)}"
        case "create_enum_stmt":
            parts = [i.string.sval for i in n.create_enum_stmt.type_name]
            name = (parts[0], parts[-1]) if len(parts) >= 2 else (ctx.schema, parts[-1])
            if name not in ctx.live.enums:
                return f"DROP TYPE IF EXISTS {ident(*name)}"
        case "create_table_as_stmt":
            name = ctx.qualify(n.create_table_as_stmt.into.rel)
            if name not in ctx.live.views:
                return f"DROP MATERIALIZED VIEW IF EXISTS {ident(*name)}"
    return None


def _positions(ctx: Context) -> dict[int, int]:
    """Each differ statement's position, by ``id``."""
    return {id(s): i for i, s in enumerate(ctx.statements)}


def _policy_creates(ctx: Context) -> dict[tuple[str, str], list[tuple[int, Stmt]]]:
    """The differ's ``CREATE POLICY`` statements by table: (position, statement) in order."""
    found: dict[tuple[str, str], list[tuple[int, Stmt]]] = {}
    for i, s in enumerate(ctx.statements):
        if s.which == "create_policy_stmt":
            found.setdefault(ctx.qualify(s.node.create_policy_stmt.table), []).append((i, s))
    return found


def _policies_first(stmt: Stmt, ctx: Context) -> list[Step]:
    """The policies of ``stmt``'s table that come later in the differ's output, taken out of the queue."""
    table = ctx.qualify(stmt.node.alter_table_stmt.relation)
    here = ctx.index(_positions)[id(stmt)]
    steps = []
    for at, other in ctx.index(_policy_creates).get(table, ()):
        if at > here:
            ctx.handled.add(id(other))
            steps.append(
                ctx.emit(
                    other,
                    EXPAND,
                    "create the row-level security policy before row security "
                    "is turned on, so no role loses sight of its rows in between",
                    rollback=_undo_new(other, ctx),
                )
            )
    return steps
