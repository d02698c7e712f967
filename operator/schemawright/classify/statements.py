"""Classify one DDL statement: its kind, the lock it takes, its hazards, and whether it may run in a
transaction. Pure: reads the statement (parsed by postgast, the PostgreSQL 18 parser) and catalogs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import postgast
from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Hazard, Lock, held_lock_hazard
from schemawright.classify.typechange import is_binary_coercible
from schemawright.guard.nodes import range_name
from schemawright.guard.statement_kinds import step_kind

# only in annotations: a plan's classification needs no catalog class at import
if TYPE_CHECKING:
    from schemawright.inspect.catalog import Catalog, QualifiedName, Table

_AT = pb.AlterTableType
_CONSTR = pb.ConstrType
_OBJ = pb.ObjectType


@dataclass(frozen=True)
class Classification:
    """What running one statement means for a live database."""

    kind: str
    lock: Lock
    transactional: bool
    hazards: frozenset[Hazard] = frozenset()
    table: QualifiedName | None = None  # the existing table whose lock matters
    destructive: bool = False


@dataclass
class _Acc:
    """Accumulates the effect of the sub-commands of one statement."""

    lock: Lock = Lock.NONE
    hazards: set[Hazard] = field(default_factory=set)
    destructive: bool = False

    def take(self, lock: Lock, *hazards: Hazard) -> None:
        self.lock = self.lock.strongest(lock)
        self.hazards.update(hazards)


def parse_one(statement: str) -> pb.Node:
    """The single statement node of ``statement`` (raises ValueError for zero or several)."""
    tree = postgast.parse(statement)
    if len(tree.stmts) != 1:
        raise ValueError(f"expected one statement, found {len(tree.stmts)}: {statement[:80]}")
    return tree.stmts[0].stmt


def classify(statement: str, live: Catalog, desired: Catalog, default_schema: str = "public") -> Classification:
    """Classify ``statement`` against the ``live`` catalog it will run on (``desired`` for new columns)."""
    return classify_node(parse_one(statement), live, desired, default_schema)


def classify_node(node: pb.Node, live: Catalog, desired: Catalog, default_schema: str = "public") -> Classification:
    """Classify one parsed statement (see :func:`classify`)."""
    which = node.WhichOneof("node")
    handler = _HANDLERS.get(which or "")
    if handler is None:
        # Fail closed: what we cannot classify gets the strongest lock and a hazard that holds it for approval.
        return Classification(
            kind=postgast_kind(which),
            lock=Lock.ACCESS_EXCLUSIVE,
            transactional=True,
            hazards=frozenset({Hazard.UNCLASSIFIED}),
            destructive=True,
        )
    result: Classification = handler(getattr(node, which or ""), live, desired, default_schema)
    return result


def postgast_kind(which: str | None) -> str:
    """A readable statement kind from a node name (the statement-kind table's step name, else
    ``create_trig_stmt`` -> ``CREATE TRIG``)."""
    return step_kind(which or "unknown")


def _populated(live: Catalog, table: QualifiedName | None) -> bool:
    t = live.tables.get(table) if table else None
    return bool(t and t.populated)


def _finish(
    kind: str, acc: _Acc, table: QualifiedName | None, live: Catalog, *, transactional: bool = True
) -> Classification:
    hazards = set(acc.hazards)
    if not _populated(live, table):
        # An empty or new table: scans, builds and rewrites cost nothing and delete nothing.
        hazards -= {
            Hazard.TABLE_REWRITE,
            Hazard.VALIDATION_SCAN,
            Hazard.INDEX_BUILD,
            Hazard.BLOCKS_WRITES,
            Hazard.DELETES_DATA,
            Hazard.BACKFILL,
        }
    held = held_lock_hazard(acc.lock, hazards)
    if held is not None:
        hazards.add(held)
    existing = table if table and table in live.tables else None
    # A table named but not yet existing is created in this plan: nobody else can be waiting on its lock.
    lock = Lock.NONE if table is not None and existing is None else acc.lock
    return Classification(
        kind=kind,
        lock=lock,
        transactional=transactional,
        hazards=frozenset(hazards),
        table=existing,
        destructive=acc.destructive,
    )


def settle(
    kind: str,
    lock: Lock,
    hazards: frozenset[Hazard] | set[Hazard],
    table: QualifiedName | None,
    live: Catalog,
    *,
    transactional: bool = True,
    destructive: bool = False,
) -> Classification:
    """The classification of a statement whose kind, lock and hazards are already known (the planner wrote
    it): the same catalog rules as for a parsed one (an empty table has no long hazards, a new one no lock)."""
    acc = _Acc(lock=lock, hazards=set(hazards), destructive=destructive)
    return _finish(kind, acc, table, live, transactional=transactional)


def _create_table(stmt: pb.CreateStmt, live: Catalog, desired: Catalog, schema: str) -> Classification:
    acc = _Acc()
    parent = None
    if stmt.partbound.ByteSize() and stmt.inh_relations:
        parent = range_name(stmt.inh_relations[0].range_var, schema)
        acc.take(Lock.ACCESS_EXCLUSIVE)
    return _finish(step_kind("create_stmt"), acc, parent, live)


def _index(stmt: pb.IndexStmt, live: Catalog, desired: Catalog, schema: str) -> Classification:
    table = range_name(stmt.relation, schema)
    acc = _Acc()
    if stmt.concurrent:
        acc.take(Lock.SHARE_UPDATE_EXCLUSIVE, Hazard.INDEX_BUILD)
    else:
        acc.take(Lock.SHARE, Hazard.INDEX_BUILD)
    kind = "CREATE " + ("UNIQUE " if stmt.unique else "") + "INDEX" + (" CONCURRENTLY" if stmt.concurrent else "")
    return _finish(kind, acc, table, live, transactional=not stmt.concurrent)


def _drop(stmt: pb.DropStmt, live: Catalog, desired: Catalog, schema: str) -> Classification:
    objtype = _OBJ.Name(stmt.remove_type).removeprefix("OBJECT_")
    acc = _Acc(destructive=True)
    acc.hazards.update({Hazard.IRREVERSIBLE, Hazard.BREAKS_CLIENTS})
    table: QualifiedName | None = None
    names = [[item.string.sval for item in obj.list.items] for obj in stmt.objects if obj.HasField("list")]
    qualified = [(n[0], n[1]) if len(n) == 2 else (schema, n[-1]) for n in names]
    if stmt.remove_type == _OBJ.OBJECT_TABLE:
        table = qualified[0] if qualified else None
        acc.take(Lock.ACCESS_EXCLUSIVE, Hazard.DELETES_DATA)
    elif stmt.remove_type == _OBJ.OBJECT_INDEX:
        acc.hazards.discard(Hazard.IRREVERSIBLE)  # an index can be rebuilt from its definition
        acc.hazards.discard(Hazard.BREAKS_CLIENTS)
        index = live.indexes.get(qualified[0]) if qualified else None
        table = (index.schema, index.table) if index else None
        acc.take(Lock.SHARE_UPDATE_EXCLUSIVE if stmt.concurrent else Lock.ACCESS_EXCLUSIVE)
    else:
        acc.take(Lock.ACCESS_EXCLUSIVE)
    kind = f"DROP {objtype.replace('_', ' ')}" + (" CONCURRENTLY" if stmt.concurrent else "")
    return _finish(kind, acc, table, live, transactional=not stmt.concurrent)


def _alter_table(stmt: pb.AlterTableStmt, live: Catalog, desired: Catalog, schema: str) -> Classification:
    table = range_name(stmt.relation, schema)
    if stmt.objtype == _OBJ.OBJECT_INDEX:
        index = live.indexes.get(table)
        return _finish(
            "ALTER INDEX", _Acc(lock=Lock.SHARE_UPDATE_EXCLUSIVE), (index.schema, index.table) if index else None, live
        )
    if stmt.objtype != _OBJ.OBJECT_TABLE:
        return _finish(
            f"ALTER {_OBJ.Name(stmt.objtype).removeprefix('OBJECT_')}", _Acc(lock=Lock.ACCESS_EXCLUSIVE), None, live
        )
    acc = _Acc()
    kinds: list[str] = []
    referenced: QualifiedName | None = None
    for wrapped in stmt.cmds:
        cmd = wrapped.alter_table_cmd
        kinds.append(_alter_table_cmd(cmd, table, live, desired, acc))
        con = getattr(cmd, "def").constraint if cmd.subtype == _AT.AT_AddConstraint else None
        if con is not None and con.contype == _CONSTR.CONSTR_FOREIGN:
            referenced = range_name(con.pktable, schema)
    result = _finish("ALTER TABLE " + ", ".join(dict.fromkeys(kinds)), acc, table, live)
    if result.table is None and referenced in live.tables:
        # A foreign key from a new table still locks the existing table it references (SHARE ROW EXCLUSIVE).
        result = replace(result, lock=Lock.SHARE_ROW_EXCLUSIVE, table=referenced)
    return result


def _alter_table_cmd(cmd: pb.AlterTableCmd, table: QualifiedName, live: Catalog, desired: Catalog, acc: _Acc) -> str:
    """The kind of one ``ALTER TABLE`` sub-command; its lock and hazards go to ``acc``."""
    sub = cmd.subtype
    if sub == _AT.AT_AddColumn:
        return _add_column(getattr(cmd, "def").column_def, desired.tables.get(table), acc)
    if sub == _AT.AT_AlterColumnType:
        return _alter_column_type(cmd, live.tables.get(table), acc)
    if sub == _AT.AT_AddConstraint:
        return _add_constraint(getattr(cmd, "def").constraint, acc)
    effect = _SUBCOMMANDS.get(sub) or _Effect(str(_AT.Name(sub)).removeprefix("AT_"), Lock.ACCESS_EXCLUSIVE)
    acc.take(effect.lock, *effect.hazards)
    acc.destructive |= effect.destructive
    return effect.kind


@dataclass(frozen=True)
class _Effect:
    """What an ``ALTER TABLE`` sub-command does whatever its arguments: its kind, lock and hazards."""

    kind: str
    lock: Lock
    hazards: tuple[Hazard, ...] = ()
    destructive: bool = False


_AE = Lock.ACCESS_EXCLUSIVE
_SUBCOMMANDS = {
    _AT.AT_DropColumn: _Effect(
        "DROP COLUMN", _AE, (Hazard.DELETES_DATA, Hazard.IRREVERSIBLE, Hazard.BREAKS_CLIENTS), destructive=True
    ),
    _AT.AT_SetNotNull: _Effect("SET NOT NULL", _AE, (Hazard.VALIDATION_SCAN,)),
    _AT.AT_DropNotNull: _Effect("DROP NOT NULL", _AE),
    _AT.AT_ColumnDefault: _Effect("SET DEFAULT", _AE),
    _AT.AT_ValidateConstraint: _Effect("VALIDATE CONSTRAINT", Lock.SHARE_UPDATE_EXCLUSIVE, (Hazard.VALIDATION_SCAN,)),
    _AT.AT_DropConstraint: _Effect("DROP CONSTRAINT", _AE, destructive=True),
    _AT.AT_SetExpression: _Effect("SET EXPRESSION", _AE, (Hazard.TABLE_REWRITE,)),
    _AT.AT_DropExpression: _Effect("SET EXPRESSION", _AE, (Hazard.TABLE_REWRITE,)),
    _AT.AT_AttachPartition: _Effect("ATTACH PARTITION", Lock.SHARE_UPDATE_EXCLUSIVE, (Hazard.VALIDATION_SCAN,)),
    _AT.AT_DetachPartition: _Effect("DETACH PARTITION", _AE, (Hazard.BREAKS_CLIENTS,), destructive=True),
    _AT.AT_EnableRowSecurity: _Effect("ENABLE ROW LEVEL SECURITY", _AE),
    _AT.AT_DisableRowSecurity: _Effect("DISABLE ROW LEVEL SECURITY", _AE),
    _AT.AT_ForceRowSecurity: _Effect("FORCE ROW LEVEL SECURITY", _AE),
    _AT.AT_NoForceRowSecurity: _Effect("NO FORCE ROW LEVEL SECURITY", _AE),
}


def _add_column(col: pb.ColumnDef, target: Table | None, acc: _Acc) -> str:
    """``ADD COLUMN``: a rewrite when this statement gives it a volatile default, a stored expression or an
    identity."""
    acc.take(Lock.ACCESS_EXCLUSIVE)
    spec = target.columns.get(col.colname) if target else None
    constraints = {c.constraint.contype for c in col.constraints}
    # A volatile default rewrites only when this statement sets it (the planner adds such a column
    # to a populated table without its default, then SET DEFAULT + backfill).
    volatile = bool(spec and spec.default_volatile and _CONSTR.CONSTR_DEFAULT in constraints)
    if volatile or (spec and (spec.generated == "s" or spec.identity)) or (_CONSTR.CONSTR_IDENTITY in constraints):
        acc.hazards.add(Hazard.TABLE_REWRITE)
    return "ADD COLUMN"


def _alter_column_type(cmd: pb.AlterTableCmd, current: Table | None, acc: _Acc) -> str:
    """``ALTER COLUMN TYPE``: a rewrite unless the live type converts binary-coercibly and without USING."""
    acc.take(Lock.ACCESS_EXCLUSIVE)
    old = current.columns.get(cmd.name) if current else None
    column = getattr(cmd, "def").column_def
    if old is None or not is_binary_coercible(old.type, type_text(column.type_name)) or column.HasField("raw_default"):
        acc.hazards.add(Hazard.TABLE_REWRITE)
    return "ALTER COLUMN TYPE"


def type_text(type_name: pb.TypeName) -> str:
    """SQL text of a parsed type name (postgast deparses statements, so deparse a probe table)."""
    column = pb.ColumnDef(colname="c", type_name=type_name)
    create = pb.CreateStmt(
        relation=pb.RangeVar(relname="t", inh=True, relpersistence="p"), table_elts=[pb.Node(column_def=column)]
    )
    text = str(postgast.deparse(pb.ParseResult(stmts=[pb.RawStmt(stmt=pb.Node(create_stmt=create))])))
    return text[len("CREATE TABLE t (c ") : -1]


def _add_constraint(con: pb.Constraint, acc: _Acc) -> str:
    validated = not con.skip_validation and con.is_enforced
    suffix = "" if validated else " NOT VALID" if con.is_enforced else " NOT ENFORCED"
    if con.contype == _CONSTR.CONSTR_FOREIGN:
        acc.take(Lock.SHARE_ROW_EXCLUSIVE, *([Hazard.VALIDATION_SCAN] if validated else []))
        return "ADD FOREIGN KEY" + suffix
    if con.contype == _CONSTR.CONSTR_CHECK:
        acc.take(Lock.ACCESS_EXCLUSIVE, *([Hazard.VALIDATION_SCAN] if validated else []))
        return "ADD CHECK" + suffix
    if con.contype in (_CONSTR.CONSTR_PRIMARY, _CONSTR.CONSTR_UNIQUE, _CONSTR.CONSTR_EXCLUSION):
        what = {_CONSTR.CONSTR_PRIMARY: "PRIMARY KEY", _CONSTR.CONSTR_UNIQUE: "UNIQUE"}.get(con.contype, "EXCLUDE")
        if con.indexname:
            acc.take(Lock.ACCESS_EXCLUSIVE)
            return f"ADD {what} USING INDEX"
        acc.take(Lock.ACCESS_EXCLUSIVE, Hazard.INDEX_BUILD)
        return f"ADD {what}"
    acc.take(Lock.ACCESS_EXCLUSIVE)
    return "ADD CONSTRAINT"


def _rename(stmt: pb.RenameStmt, live: Catalog, desired: Catalog, schema: str) -> Classification:
    what = _OBJ.Name(stmt.rename_type).removeprefix("OBJECT_").replace("_", " ")
    acc = _Acc()
    table: QualifiedName | None = None
    if stmt.HasField("relation"):
        table = range_name(stmt.relation, schema)
        if stmt.rename_type == _OBJ.OBJECT_INDEX:
            index = live.indexes.get(table)
            table = (index.schema, index.table) if index else None
            acc.take(Lock.SHARE_UPDATE_EXCLUSIVE)
        else:
            acc.take(Lock.ACCESS_EXCLUSIVE)
    if stmt.rename_type in (_OBJ.OBJECT_TABLE, _OBJ.OBJECT_COLUMN, _OBJ.OBJECT_VIEW, _OBJ.OBJECT_TYPE):
        acc.hazards.add(Hazard.BREAKS_CLIENTS)
    return _finish(f"RENAME {'CONSTRAINT' if what == 'TABCONSTRAINT' else what}", acc, table, live)


def _alter_enum(stmt: pb.AlterEnumStmt, live: Catalog, desired: Catalog, schema: str) -> Classification:
    if stmt.old_val:
        return _finish("ALTER TYPE RENAME VALUE", _Acc(hazards={Hazard.BREAKS_CLIENTS}), None, live)
    # Run outside a transaction: a value added in a transaction cannot be used until it commits.
    return _finish("ALTER TYPE ADD VALUE", _Acc(), None, live, transactional=False)


Handler = Callable[[Any, "Catalog", "Catalog", str], Classification]


def _refresh(stmt: pb.RefreshMatViewStmt, live: Catalog, desired: Catalog, schema: str) -> Classification:
    # CONCURRENTLY lets readers in (EXCLUSIVE); a plain refresh locks them out (a new view has no readers yet).
    lock = Lock.EXCLUSIVE if stmt.concurrent else Lock.ACCESS_EXCLUSIVE
    return _finish(step_kind("refresh_mat_view_stmt"), _Acc(lock=lock), range_name(stmt.relation, schema), live)


def _relation_lock(kind: str, lock: Lock) -> Handler:
    def handler(stmt: Any, live: Catalog, desired: Catalog, schema: str) -> Classification:
        table = range_name(stmt.table, schema) if hasattr(stmt, "table") and stmt.table.relname else None
        if table is None and hasattr(stmt, "relation"):
            table = range_name(stmt.relation, schema)
        return _finish(kind, _Acc(lock=lock), table, live)

    return handler


def _simple(kind: str) -> Handler:
    def handler(stmt: Any, live: Catalog, desired: Catalog, schema: str) -> Classification:
        return Classification(kind=kind, lock=Lock.NONE, transactional=True)

    return handler


# Session settings the differ itself emits around the DDL it prints (migra: before function bodies it
# cannot check yet). They lock nothing and change nothing stored; any other SET stays unclassified.
_DIFFER_SETTINGS = frozenset({"check_function_bodies"})


def _variable_set(stmt: pb.VariableSetStmt, live: Catalog, desired: Catalog, schema: str) -> Classification:
    if stmt.name in _DIFFER_SETTINGS:
        return Classification(kind=step_kind("variable_set_stmt"), lock=Lock.NONE, transactional=True)
    return Classification(
        kind=step_kind("variable_set_stmt"),
        lock=Lock.ACCESS_EXCLUSIVE,
        transactional=True,
        hazards=frozenset({Hazard.UNCLASSIFIED}),
        destructive=True,
    )


_HANDLERS: dict[str, Handler] = {
    "variable_set_stmt": _variable_set,
    "create_stmt": _create_table,
    "index_stmt": _index,
    "drop_stmt": _drop,
    "alter_table_stmt": _alter_table,
    "rename_stmt": _rename,
    "alter_enum_stmt": _alter_enum,
    "create_trig_stmt": _relation_lock(step_kind("create_trig_stmt"), Lock.SHARE_ROW_EXCLUSIVE),
    "create_policy_stmt": _relation_lock(step_kind("create_policy_stmt"), Lock.ACCESS_EXCLUSIVE),
    "alter_policy_stmt": _relation_lock(step_kind("alter_policy_stmt"), Lock.ACCESS_EXCLUSIVE),
    "update_stmt": _relation_lock(step_kind("update_stmt"), Lock.ROW_EXCLUSIVE),
    "view_stmt": _simple(step_kind("view_stmt")),
    "create_table_as_stmt": _simple(step_kind("create_table_as_stmt")),
    "refresh_mat_view_stmt": _refresh,
    "create_function_stmt": _simple(step_kind("create_function_stmt")),
    "create_enum_stmt": _simple(step_kind("create_enum_stmt")),
    "composite_type_stmt": _simple(step_kind("composite_type_stmt")),
    "create_domain_stmt": _simple(step_kind("create_domain_stmt")),
    "create_schema_stmt": _simple(step_kind("create_schema_stmt")),
    "create_extension_stmt": _simple(step_kind("create_extension_stmt")),
    # Its update script may change the extension's tables and types: assume it locks them.
    "alter_extension_stmt": lambda stmt, live, desired, schema: Classification(
        kind=step_kind("alter_extension_stmt"), lock=Lock.ACCESS_EXCLUSIVE, transactional=True
    ),
    "define_stmt": lambda stmt, live, desired, schema: Classification(
        kind="CREATE " + _OBJ.Name(stmt.kind).removeprefix("OBJECT_"), lock=Lock.NONE, transactional=True
    ),
    "create_range_stmt": _simple(step_kind("create_range_stmt")),
    "create_seq_stmt": _simple(step_kind("create_seq_stmt")),
    "alter_seq_stmt": _simple(step_kind("alter_seq_stmt")),
    "comment_stmt": _simple(step_kind("comment_stmt")),
    "grant_stmt": _simple(step_kind("grant_stmt")),
}
