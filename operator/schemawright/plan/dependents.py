"""Views that must be dropped and re-created around a column type change the differ does not wrap.

PostgreSQL refuses ``ALTER COLUMN … TYPE`` on a column a view reads (0A000), even for a widening such as
``varchar(40)`` → ``varchar(80)`` or a collation change, and a view over such a view blocks dropping the first.
migra wraps the change in a drop and re-create of the view only when the view's printed definition changes,
and only of that view. Before planning, every live view that reads a retyped column, directly or through
other views, gets the differ's spelling of a replacement: ``drop view`` before the change (readers first) and
its desired definition after it (unless the differ re-creates it anyway). The view rules then place the drop,
the change and the re-creation in one transaction (docs/rewrites.md, Views).
"""

from __future__ import annotations

import postgast
from postgast import pg_query_pb2 as pb

from schemawright.guard.nodes import range_name
from schemawright.inspect.catalog import Catalog, ObjectRef, QualifiedName
from schemawright.plan.context import Stmt
from schemawright.plan.names import ident, qualified

_AT = pb.AlterTableType


def _retyped(stmt: Stmt, schema: str) -> list[ObjectRef]:
    if stmt.which != "alter_table_stmt":
        return []
    rv = stmt.node.alter_table_stmt.relation
    table = range_name(rv, schema)
    return [
        ("column", *table, c.alter_table_cmd.name)
        for c in stmt.node.alter_table_stmt.cmds
        if c.alter_table_cmd.subtype == _AT.AT_AlterColumnType
    ]


def _reading_views(refs: list[ObjectRef], live: Catalog) -> list[QualifiedName]:
    """Live (plain) views that read ``refs``, directly or through other views: readers of a view after it."""
    found: list[QualifiedName] = []
    frontier = set(refs)
    while frontier:
        readers = sorted(
            {
                (d[1], d[2])
                for d, r in live.dependencies
                if r in frontier and d[0] == "relation" and live.views.get((d[1], d[2]), "").startswith("VIEW")
            }
            - set(found)
        )
        found += readers
        frontier = {("relation", *v) for v in readers} | {
            r for _d, r in live.dependencies if r[0] == "column" and (r[1], r[2]) in readers
        }
    return found


def _created_views(statements: list[Stmt], schema: str) -> set[QualifiedName]:
    return {range_name(s.node.view_stmt.view, schema) for s in statements if s.which == "view_stmt"}


def _dropped_views(statements: list[Stmt], schema: str) -> set[QualifiedName]:
    dropped = set()
    for s in statements:
        if s.which == "drop_stmt" and s.node.drop_stmt.remove_type == pb.ObjectType.OBJECT_VIEW:
            for o in s.node.drop_stmt.objects:
                parts = [i.string.sval for i in o.list.items]
                dropped.add(qualified(parts, schema))
    return dropped


def wrap_retyped_columns(statements: list[Stmt], live: Catalog, desired: Catalog, schema: str) -> list[Stmt]:
    """``statements`` with a drop before and a re-creation after each type change, for every view it needs."""
    wrapped = _dropped_views(statements, schema)
    created = _created_views(statements, schema)
    result: list[Stmt] = []
    for stmt in statements:
        views = _reading_views(_retyped(stmt, schema), live)
        if not views or any(v in wrapped for v in views):
            # Already wrapped by the differ or by an earlier change (a view chain the differ drops in part is
            # left as it is).
            result.append(stmt)
            continue
        wrapped.update(views)
        result += [Stmt.parse(f"drop view if exists {ident(*v)}") for v in reversed(views)]  # readers first
        result.append(stmt)
        for view in views:
            if view not in created and view in desired.view_sql:
                result.append(Stmt.parse(postgast.split(desired.view_sql[view])[0]))
    return result
