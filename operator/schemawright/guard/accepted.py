"""What the guard hands on: each accepted statement and what the shadow build does with it."""

from __future__ import annotations

import dataclasses

from postgast import pg_query_pb2 as pb

from schemawright.guard.extensions import BUILTIN_EXTENSION
from schemawright.guard.nodes import deparse, is_owner_change
from schemawright.guard.objects import OBJ, SUPERUSER_OBJECTS
from schemawright.guard.settings import is_dump_search_path
from schemawright.guard.statement_kinds import BY_NODE


@dataclasses.dataclass(frozen=True)
class Statement:
    """One accepted statement: its text as written, and what the shadow build does with it.

    ``effect`` is ``definition`` (run), ``setting`` (run: a session setting that lasts until the shadow's
    session ends), ``privilege`` (run; skipped with a note when it names a role the shadow server lacks),
    ``ownership`` (not run: ownership is not managed), ``builtin`` (not run: plpgsql is always there) or
    ``data`` (not run: rows of constants, such as Rails' schema_migrations; the schema is managed, not rows).
    """

    text: str
    effect: str = "definition"
    shadow_sql: str = ""  # what the shadow runs instead of the text ("" = the text): IF NOT EXISTS forms
    privileged: bool = False  # a privileged rule was waived for it: the shadow runs it as the connecting role

    @property
    def runs_in_shadow(self) -> bool:
        """Whether the shadow build runs it at all."""
        return self.effect not in ("ownership", "builtin", "data")

    @property
    def sql(self) -> str:
        """The SQL the shadow runs."""
        return self.shadow_sql or self.text


@dataclasses.dataclass(frozen=True)
class GuardedScript:
    """A script the guard accepted: its statements, notes for the user, and what it declares."""

    statements: list[Statement]
    notes: list[str]
    schemas: tuple[str, ...]  # schemas it creates objects in (first use first); () if none
    extensions: tuple[str, ...]  # extensions it creates
    dynamic_triggers: int = 0  # trigger functions whose dynamic SQL the platform allowed (it runs as the applier)
    tables: int = 0  # CREATE TABLE statements (for ``validate``: counted while parsed, never parsed again)
    enums: int = 0  # CREATE TYPE ... AS ENUM statements


def _needs_superuser(node: pb.Node) -> bool:
    which = node.WhichOneof("node")
    if which in ("create_op_class_stmt", "create_op_family_stmt", "alter_op_family_stmt"):
        return True
    if which == "define_stmt":
        return node.define_stmt.kind in SUPERUSER_OBJECTS
    if which == "comment_stmt":
        return node.comment_stmt.objtype in SUPERUSER_OBJECTS
    if which == "create_cast_stmt":  # binary-coercible
        return not node.create_cast_stmt.HasField("func") and not node.create_cast_stmt.inout
    return False


def shadow_form(node: pb.Node, text: str) -> Statement:
    """How the shadow treats an accepted statement (see Statement)."""
    if _needs_superuser(node):
        return Statement(text, privileged=True)
    which = node.WhichOneof("node")
    if which == "alter_table_stmt" and is_owner_change(node.alter_table_stmt):
        return Statement(text, "ownership")
    row = BY_NODE.get(which or "")
    if row is not None and row.shadow != "definition":  # ownership, privilege, data, setting: by kind
        return Statement(text, row.shadow)
    if is_dump_search_path(node):
        return Statement(text, "setting")
    if which == "create_extension_stmt":
        if node.create_extension_stmt.extname == BUILTIN_EXTENSION:
            return Statement(text, "builtin")
        # Declared in spec.extensions too (created before spec.sql runs) must not fail: the two agree.
        copy = pb.Node()
        copy.CopyFrom(node)
        copy.create_extension_stmt.if_not_exists = True
        return Statement(text, shadow_sql=deparse(copy))
    if (
        which == "comment_stmt"
        and node.comment_stmt.objtype == OBJ.OBJECT_EXTENSION
        and node.comment_stmt.object.string.sval == BUILTIN_EXTENSION
    ):
        return Statement(text, "builtin")  # the extension belongs to the bootstrap superuser
    if which == "create_schema_stmt":
        copy = pb.Node()
        copy.CopyFrom(node)
        schema = copy.create_schema_stmt
        schema.ClearField("authrole")  # ownership is not managed, like OWNER TO
        # Declared in spec.database.schemas too (or public, which every database has): the two agree.
        schema.if_not_exists = not schema.schema_elts
        return Statement(text, shadow_sql=deparse(copy))
    return Statement(text)
