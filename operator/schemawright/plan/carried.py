"""What a replaced relation or function carries over: the privileges and comments the document gives it.

PostgreSQL keeps privileges and comments on the object, not on its name. A relation replaced by a drop and a
create, or built aside under a temporary name and swapped in by a rename, starts with none: without them the
application role loses access at the swap (an outage) and the next plan differs. The step that replaces the
object sets them itself — on the relation built aside, before the swap (a rename keeps them), or right after
the re-creation in the same transaction — and records the object in ``ctx.regranted``/``ctx.recommented`` so
that the privilege and comment gaps (``gaps.py``) leave it alone.
"""

from __future__ import annotations

from schemawright.classify.hazards import Lock
from schemawright.inspect.catalog import QualifiedName
from schemawright.plan.context import Context
from schemawright.plan.names import ident, literal
from schemawright.plan.operations.base import Known

COMMENT_ON = {"r": "TABLE", "p": "TABLE", "f": "FOREIGN TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW"}


def _grantee(role: str) -> str:
    return "PUBLIC" if role == "PUBLIC" else ident(role)


def _object_text(kind: str, schema: str, name: str) -> str:
    if kind in ("FUNCTION", "PROCEDURE"):
        function, _, arguments = name.partition("(")
        return f"{kind} {ident(schema, function)}({arguments}"
    return f"{kind} {ident(schema, name)}"


def privilege_sql(verb: str, kind: str, schema: str, name: str, pairs: set[tuple[str, str, str]]) -> str:
    """GRANT/REVOKE statements for (grantee, privilege, column) ``pairs`` of one object, one per grantee (and
    per privilege for column privileges)."""
    target = _object_text(kind, schema, name)
    preposition = "TO" if verb == "GRANT" else "FROM"
    whole: dict[str, list[str]] = {}
    columns: dict[tuple[str, str], list[str]] = {}
    for grantee, privilege, column in sorted(pairs):
        if column:
            columns.setdefault((grantee, privilege), []).append(ident(column))
        else:
            whole.setdefault(grantee, []).append(privilege)
    statements = [
        f"{verb} {', '.join(privileges)} ON {target} {preposition} {_grantee(grantee)}"
        for grantee, privileges in whole.items()
    ]
    statements += [
        f"{verb} {privilege} ({', '.join(cols)}) ON {target} {preposition} {_grantee(grantee)}"
        for (grantee, privilege), cols in columns.items()
    ]
    return ";\n".join(statements)


def regrants(relation: QualifiedName, ctx: Context, on: QualifiedName | None = None) -> list[str]:
    """The GRANT statements that give a re-created ``relation`` the privileges the document grants on it,
    written on ``on`` (the relation built aside under a temporary name) when given."""
    target = on or relation
    statements = []
    for (kind, schema, name, column), pairs in sorted(ctx.desired.privileges.items()):
        if kind != "SEQUENCE" and (schema, name) == relation:
            sql = privilege_sql("GRANT", kind, target[0], target[1], {(g, p, column) for g, p in pairs})
            statements += [part for part in sql.split(";\n") if part]
    return statements


def function_regrants(kind: str, schema: str, signature: str, ctx: Context) -> list[str]:
    """The statements that give a re-created function (``signature``: ``name(identity arguments)``) the
    privileges the document grants on it. A new function may be executed by PUBLIC: when the document grants
    EXECUTE to named roles only, PUBLIC's is revoked again."""
    pairs = {(g, p, "") for g, p in ctx.desired.privileges.get((kind, schema, signature, ""), ())}
    if not pairs:
        return []  # the default ACL (PUBLIC may execute), which the re-created function has
    statements = privilege_sql("GRANT", kind, schema, signature, pairs).split(";\n")
    if not any(g == "PUBLIC" for g, _p, _c in pairs):
        statements.append(privilege_sql("REVOKE", kind, schema, signature, {("PUBLIC", "EXECUTE", "")}))
    return statements


def recomments(
    relation: QualifiedName, ctx: Context, on: QualifiedName | None = None, *, with_relation: bool = True
) -> list[str]:
    """The COMMENT statements that give a re-created ``relation`` (and its columns) the comments the document
    sets, written on ``on`` when given; ``with_relation=False`` leaves out the relation's own comment (a view's
    desired definition carries it already)."""
    target = on or relation
    statements = []
    for (schema, name, column), (kind, text) in sorted(ctx.desired.comments.items()):
        if (schema, name) != relation or not (column or with_relation):
            continue
        what = f"COLUMN {ident(*target, column)}" if column else f"{COMMENT_ON[kind]} {ident(*target)}"
        statements.append(f"COMMENT ON {what} IS {literal(text)}")
    return statements


def carry(
    relation: QualifiedName, ctx: Context, on: QualifiedName | None = None, *, with_relation_comment: bool = True
) -> list[Known]:
    """The grants and comments a re-created ``relation`` needs (on ``on`` when given), as typed statements for
    the step that re-creates it; the privilege and comment gaps then leave the relation alone."""
    ctx.regranted.add(relation)
    ctx.recommented.add(relation)
    grants = [Known(sql=g, kind="GRANT", lock=Lock.NONE) for g in regrants(relation, ctx, on)]
    comments = [
        Known(sql=c, kind="COMMENT", lock=Lock.NONE)
        for c in recomments(relation, ctx, on, with_relation=with_relation_comment)
    ]
    return grants + comments


def carried_kinds(carried: list[Known]) -> str:
    """`` + GRANT + COMMENT`` (what ``carried`` holds), for the kind of a step written as SQL text."""
    return "".join(f" + {kind}" for kind in dict.fromkeys(a.kind for a in carried))
