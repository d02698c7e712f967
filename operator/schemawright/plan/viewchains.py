"""View chains: views that read other views, replaced together around the change that needs them gone.

PostgreSQL refuses to drop a view another view reads (2BP01) and to change the type of a column any view
reads, directly or through other views (0A000). migra drops and re-creates such views, but its order is not
trusted: it may emit a view's drop *after* the type change that needs it gone. And a view that reads a
replaced view only through another view must still follow the change the first one wraps. This module gives
the planner, for a view drop:

- ``readers``: the views that read a relation at any depth, readers first (a replaced table takes them with it);
- ``reads``: every relation the view reads, directly or through the views it reads, so that a view is
  placed in the phase of a change to a table it reads at any depth (docs/rewrites.md, Views);
- ``drops_before_changes``: the differ's statements with each view drop moved before the first column type
  change the view depends on.
"""

from __future__ import annotations

from collections.abc import Collection

import postgast
from postgast import pg_query_pb2 as pb

from schemawright.inspect.catalog import Catalog, ObjectRef, QualifiedName
from schemawright.plan.context import Stmt
from schemawright.plan.model import PHASE_ORDER, PhaseName
from schemawright.plan.names import qualified

_AT = pb.AlterTableType
_VIEW_DROPS = (pb.ObjectType.OBJECT_VIEW, pb.ObjectType.OBJECT_MATVIEW)


def reads(views: list[QualifiedName], live: Catalog) -> set[QualifiedName]:
    """The relations ``views`` read, directly or through the views they read (the live catalog)."""
    found: set[QualifiedName] = set()
    frontier = list(views)
    while frontier:
        for read in live.view_dependencies.get(frontier.pop(), ()):
            if read not in found:
                found.add(read)
                frontier.append(read)
    return found


def readers(relation: QualifiedName, live: Catalog) -> list[QualifiedName]:
    """The live views that read ``relation``, directly or through other views, in drop order: every view
    before the views it reads (re-create them in the reverse order)."""
    found: list[QualifiedName] = []

    def visit(name: QualifiedName) -> None:
        for view, read in sorted(live.view_dependencies.items()):
            if name in read and view not in found and view != relation:
                visit(view)
                if view not in found:
                    found.append(view)

    visit(relation)
    return found


def _retyped_columns(stmt: Stmt, schema: str) -> set[ObjectRef]:
    if stmt.which != "alter_table_stmt":
        return set()
    rv = stmt.node.alter_table_stmt.relation
    table = (rv.schemaname or schema, rv.relname)
    return {
        ("column", *table, c.alter_table_cmd.name)
        for c in stmt.node.alter_table_stmt.cmds
        if c.alter_table_cmd.subtype in (_AT.AT_AlterColumnType, _AT.AT_SetExpression)
    }


def _dropped_views(stmt: Stmt, schema: str) -> list[QualifiedName]:
    if stmt.which != "drop_stmt" or stmt.node.drop_stmt.remove_type not in _VIEW_DROPS:
        return []
    names = []
    for obj in stmt.node.drop_stmt.objects:
        parts = [i.string.sval for i in obj.list.items]
        names.append(qualified(parts, schema))
    return names


def _reading_columns(view: QualifiedName, live: Catalog) -> set[ObjectRef]:
    """The columns ``view`` reads, directly or through the views it reads."""
    relations = {view} | reads([view], live)
    return {r for d, r in live.dependencies if r[0] == "column" and d[0] == "relation" and (d[1], d[2]) in relations}


def drops_before_changes(statements: list[Stmt], live: Catalog, schema: str) -> list[Stmt]:
    """``statements`` with every view drop that follows a column type change the view depends on moved to just
    before that change (in their own order: readers first, as the differ emits them)."""
    result = list(statements)
    # Only the few statements that change a column's type can move a drop: with none, nothing moves (a scan of
    # every statement for every dropped view is quadratic when a plan drops or creates thousands of objects).
    retyping = [(s, columns) for s in statements if (columns := _retyped_columns(s, schema))]
    if not retyping:
        return result
    for stmt in statements:
        views = _dropped_views(stmt, schema)
        if not views:
            continue
        columns = set().union(*(_reading_columns(v, live) for v in views))
        changes = [s for s, changed in retyping if changed & columns]
        if not changes:
            continue
        at = {id(s): k for k, s in enumerate(result)}
        position = at[id(stmt)]
        change = min((at[id(s)] for s in changes if at[id(s)] < position), default=None)
        if change is not None:
            result.insert(change, result.pop(position))
    return result


def reads_retyped_column(view: QualifiedName, statements: list[Stmt], live: Catalog, schema: str) -> bool:
    """True when ``view`` reads (at any depth) a column whose type one of ``statements`` changes: it cannot be
    built beside the old one and swapped in, it must be dropped before the change and created after it."""
    columns = _reading_columns(view, live)
    return any(_retyped_columns(s, schema) & columns for s in statements)


def _columns(sql: str | None) -> set[str] | None:
    """The output column names of a view's ``CREATE VIEW`` (None: not known, e.g. ``*`` or an unnamed
    expression)."""
    if not sql:
        return None
    node = Stmt.parse(postgast.split(sql)[0]).node
    if node.WhichOneof("node") == "view_stmt":
        query = node.view_stmt.query.select_stmt
    elif node.WhichOneof("node") == "create_table_as_stmt":
        query = node.create_table_as_stmt.query.select_stmt
    else:
        return None
    while query.larg.ByteSize():  # UNION and friends: the first branch names the columns
        query = query.larg
    names = set()
    for target in query.target_list:
        res = target.res_target
        if res.name:
            names.add(res.name)
        elif res.val.HasField("column_ref") and res.val.column_ref.fields[-1].HasField("string"):
            names.add(res.val.column_ref.fields[-1].string.sval)
        else:
            return None
    return names


def loses_columns(views: list[QualifiedName], live: Catalog, desired: Catalog, renamed: Collection[str] = ()) -> bool:
    """True when one of ``views`` (re-created) no longer has a column it has live: its readers break. A column
    named after a renamed table column (``renamed``: the old names) goes with the rename, which is expand."""
    for view in views:
        old, new = _columns(live.view_sql.get(view)), _columns(desired.view_sql.get(view))
        if old is not None and new is not None and old - new - set(renamed):
            return True
    return False


def chain_phases(spans: list[tuple[list[QualifiedName], set[QualifiedName], PhaseName]]) -> list[PhaseName]:
    """The phase of each view replacement ``(views, what they read, own phase)``: the latest phase of the
    replacements it reads or that read it, so that a chain is dropped and re-created in one phase."""
    phases = [phase for _views, _reads, phase in spans]
    changed = True
    while changed:
        changed = False
        for i, (views, reads, _phase) in enumerate(spans):
            for j, (others, other_reads, _p) in enumerate(spans):
                linked = reads & set(others) or other_reads & set(views)  # one reads the other
                if linked and PHASE_ORDER.index(phases[j]) > PHASE_ORDER.index(phases[i]):
                    phases[i] = phases[j]
                    changed = True
    return phases
