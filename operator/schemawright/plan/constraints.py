"""Constraint rewrites: FK/CHECK as NOT VALID then VALIDATE; UNIQUE/PK through a concurrent index;
a changed constraint added beside the old one under a temporary name and swapped in."""

from __future__ import annotations

from postgast import pg_query_pb2 as pb

from schemawright.inspect.catalog import QualifiedName
from schemawright.plan import fkeys
from schemawright.plan.context import Context, Stmt, deparse
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident, temporary
from schemawright.plan.operations import Operation
from schemawright.plan.operations.base import Action
from schemawright.plan.operations.indexes import CreateIndex
from schemawright.plan.operations.tables import AddKey, DropConstraint, Rename, ValidateConstraint

EXPAND, CONSTRAIN, CONTRACT = PhaseName.EXPAND, PhaseName.CONSTRAIN, PhaseName.CONTRACT
_C = pb.ConstrType
_AT = pb.AlterTableType
_OBJECT_TABLE = pb.ObjectType.OBJECT_TABLE  # read once: protobuf resolves an enum's attribute on every access


def single_cmd(stmt: Stmt) -> pb.AlterTableCmd | None:
    """The only sub-command of an ``ALTER TABLE`` (the planner splits multi-command statements first)."""
    if stmt.which != "alter_table_stmt" or stmt.node.alter_table_stmt.objtype != _OBJECT_TABLE:
        return None
    cmds = stmt.node.alter_table_stmt.cmds
    return cmds[0].alter_table_cmd if len(cmds) == 1 else None


def table_cmd(stmt: Stmt, ctx: Context, *subtypes: int) -> tuple[pb.AlterTableCmd, QualifiedName] | None:
    """The sub-command and the table of an ``ALTER TABLE`` whose one sub-command is of ``subtypes``."""
    cmd = single_cmd(stmt)
    if cmd is None or cmd.subtype not in subtypes:
        return None
    return cmd, ctx.qualify(stmt.node.alter_table_stmt.relation)


def column_cmd(stmt: Stmt, ctx: Context, *subtypes: int) -> tuple[QualifiedName, str, pb.AlterTableCmd] | None:
    """The table, the column and the sub-command of an ``ALTER TABLE`` whose one sub-command is of ``subtypes``
    (``ADD COLUMN`` names its column in its definition, the others in ``name``)."""
    matched = table_cmd(stmt, ctx, *subtypes)
    if matched is None:
        return None
    cmd, table = matched
    return table, getattr(cmd, "def").column_def.colname if cmd.subtype == _AT.AT_AddColumn else cmd.name, cmd


def add_constraint(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """Rewrite ``ADD CONSTRAINT``."""
    matched = table_cmd(stmt, ctx, _AT.AT_AddConstraint)
    if matched is None:
        return None
    cmd, table = matched
    con: pb.Constraint = getattr(cmd, "def").constraint
    wanted = ctx.desired.constraints.get((*table, con.conname))
    if wanted is not None and wanted.inherited and ctx.is_new_table(table):
        return []  # a new partition inherits it from its partitioned parent
    if con.contype in (_C.CONSTR_FOREIGN, _C.CONSTR_CHECK):
        return _check_or_fk(stmt, con, table, ctx)
    if con.contype in (_C.CONSTR_PRIMARY, _C.CONSTR_UNIQUE):
        return _unique(stmt, con, table, ctx)
    if con.contype == _C.CONSTR_EXCLUSION and (*table, con.conname) in ctx.live.constraints:
        return [_replace_exclusion(stmt, con.conname, table, ctx)]
    return None


def _replace_exclusion(stmt: Stmt, name: str, table: QualifiedName, ctx: Context) -> Step:
    """A changed exclusion constraint: no index can be attached to one, so it is dropped and added in one
    transaction (never missing), its index built under the ACCESS EXCLUSIVE lock: held when there are rows."""
    t = ident(*table)
    old = ctx.live.constraints[(*table, name)]
    populated = ctx.is_populated(table)
    return ctx.emit(
        [DropConstraint(f"ALTER TABLE {t} DROP CONSTRAINT {ident(name)}", table, name), stmt],
        CONTRACT if populated else EXPAND,
        f"exclusion constraint {name} changed: dropped and added again in one transaction"
        + (", its index built under an ACCESS EXCLUSIVE lock: held for approval" if populated else ""),
        rollback=f"ALTER TABLE {t} DROP CONSTRAINT {ident(name)};\n"
        f"ALTER TABLE {t} ADD CONSTRAINT {ident(name)} {old.definition}",
    )


def _with(stmt: Stmt, name: str | None = None, skip_validation: bool | None = None) -> Stmt:
    node = stmt.copy_node()
    con = getattr(node.alter_table_stmt.cmds[0].alter_table_cmd, "def").constraint
    if name is not None:
        con.conname = name
    if skip_validation is not None:
        con.skip_validation = skip_validation
        con.initially_valid = not skip_validation
    return Stmt(sql=deparse(node), node=node)


def _check_or_fk(stmt: Stmt, con: pb.Constraint, table: QualifiedName, ctx: Context) -> list[Step]:
    what = "foreign key" if con.contype == _C.CONSTR_FOREIGN else "check"
    t = ident(*table)
    drop = f"ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {ident(con.conname)}"
    ctx.validated.add((*table, con.conname))
    # A changed constraint that is added directly (below) replaces the old one in the same transaction.
    replacing: list[Action] = (
        [DropConstraint(f"ALTER TABLE {t} DROP CONSTRAINT {ident(con.conname)}", table, con.conname)]
        if (*table, con.conname) in ctx.live.constraints
        else []
    )
    if replacing:
        # Undo a replacement in place: the new definition goes, the old one comes back.
        old = ctx.live.constraints[(*table, con.conname)]
        drop += f";\nALTER TABLE {t} ADD CONSTRAINT {ident(con.conname)} {old.definition}"
    if not con.is_enforced:
        # PostgreSQL 18 refuses VALIDATE on a NOT ENFORCED constraint (migra emits it anyway).
        return [
            ctx.emit(
                [*replacing, _with(stmt, skip_validation=False)],
                EXPAND,
                f"{what} {con.conname} is NOT ENFORCED: recorded, never validated",
                rollback=drop,
                destructive=False,
            )
        ]
    declared = ctx.desired.constraints.get((*table, con.conname))
    if declared is not None and not declared.validated:
        # Validating it would leave the database unlike the document, and the next plan would re-add it.
        return [
            ctx.emit(
                [*replacing, _with(stmt, skip_validation=True)],
                EXPAND,
                f"{what} {con.conname} is declared NOT VALID: it checks new writes; existing rows stay unchecked, "
                "as the document says",
                rollback=drop,
                destructive=False,
            )
        ]
    if ctx.is_new_table(table) or not ctx.is_populated(table):
        return [
            ctx.emit(
                [*replacing, _with(stmt, skip_validation=False)],
                EXPAND,
                f"{what} {con.conname} on {'new' if ctx.is_new_table(table) else 'empty'} table "
                f"{table[1]}: validated at once, nothing to scan",
                rollback=drop,
                destructive=False,
            )
        ]
    if (*table, con.conname) in ctx.live.constraints:
        tmp = temporary(con.conname, "new")
        ctx.replaced_constraints.add((*table, con.conname))
        return [
            ctx.emit(
                _with(stmt, name=tmp, skip_validation=True),
                EXPAND,
                f"{what} {con.conname} changed: add the new definition as {tmp} NOT VALID — it checks new "
                "writes at once without scanning existing rows",
                rollback=f"ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {ident(tmp)}",
            ),
            ctx.emit(
                ValidateConstraint(f"ALTER TABLE {t} VALIDATE CONSTRAINT {ident(tmp)}", table, tmp),
                CONSTRAIN,
                f"validate {tmp} against existing rows; writes continue (SHARE UPDATE EXCLUSIVE)",
            ),
            ctx.emit(
                [
                    DropConstraint(f"ALTER TABLE {t} DROP CONSTRAINT {ident(con.conname)}", table, con.conname),
                    Rename(
                        f"ALTER TABLE {t} RENAME CONSTRAINT {ident(tmp)} TO {ident(con.conname)}", table, "CONSTRAINT"
                    ),
                ],
                CONSTRAIN,
                f"swap the validated {tmp} in for the old {con.conname}",
                destructive=False,
            ),
        ]
    return [
        ctx.emit(
            _with(stmt, skip_validation=True),
            EXPAND,
            f"add {what} {con.conname} NOT VALID: enforced for new writes at once, existing rows not scanned "
            "under the exclusive lock",
            rollback=drop,
        ),
        ctx.emit(
            ValidateConstraint(f"ALTER TABLE {t} VALIDATE CONSTRAINT {ident(con.conname)}", table, con.conname),
            CONSTRAIN,
            f"validate {con.conname} against existing rows; reads and writes continue",
        ),
    ]


def _unique(stmt: Stmt, con: pb.Constraint, table: QualifiedName, ctx: Context) -> list[Step]:
    what = "primary key" if con.contype == _C.CONSTR_PRIMARY else "unique constraint"
    t = ident(*table)
    rollback = f"ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {ident(con.conname)}"
    if ctx.is_new_table(table):
        desired_table = ctx.desired.tables.get(table)
        wanted = ctx.desired.constraints.get((*table, con.conname))
        if desired_table and desired_table.kind == "p" and wanted:
            # USING INDEX is not supported on partitioned tables (migra emits it anyway).
            key = "PRIMARY KEY" if con.contype == _C.CONSTR_PRIMARY else "UNIQUE"
            return [
                ctx.emit(
                    AddKey(
                        f"ALTER TABLE {t} ADD CONSTRAINT {ident(con.conname)} {wanted.definition}",
                        table,
                        con.conname,
                        key,
                    ),
                    EXPAND,
                    f"{what} {con.conname} of the new partitioned table {table[1]}",
                    rollback=rollback,
                )
            ]
        return [ctx.emit(stmt, EXPAND, f"{what} {con.conname} of the new table {table[1]}", rollback=rollback)]
    live_table = ctx.live.tables.get(table)
    empty = live_table is not None and live_table.kind != "p" and not live_table.populated
    if empty and (*table, con.conname) not in ctx.live.constraints:
        return [
            ctx.emit(
                stmt, EXPAND, f"{what} {con.conname} on {table[1]}, which is empty: added at once", rollback=rollback
            )
        ]
    steps: list[Step] = []
    index = con.indexname
    if not index:
        # ADD … UNIQUE (cols) would build the index under an ACCESS EXCLUSIVE lock: build it first.
        index = con.conname
        cols = ", ".join(ident(k.string.sval) for k in con.keys)
        include = ", ".join(ident(k.string.sval) for k in con.including)
        # The index name takes no schema: it lives in the table's schema.
        unique = (
            f"CREATE UNIQUE INDEX CONCURRENTLY {ident(index)} ON {t} ({cols})"
            + (f" INCLUDE ({include})" if include else "")
            + (" NULLS NOT DISTINCT" if con.nulls_not_distinct else "")
        )
        built = CreateIndex(sql=unique, table=table, name=(table[0], index), unique=True, concurrent=True)
        steps.append(
            ctx.emit(
                built,
                EXPAND,
                f"build the index for {what} {con.conname} concurrently",
                rollback=f"DROP INDEX CONCURRENTLY IF EXISTS {ident(table[0], index)}",
            )
        )
    index = ctx.index_temp_names.get((table[0], index), index)
    kind = "PRIMARY KEY" if con.contype == _C.CONSTR_PRIMARY else "UNIQUE"
    attach: list[Action] = [
        AddKey(
            f"ALTER TABLE {t} ADD CONSTRAINT {ident(con.conname)} {kind} USING INDEX {ident(index)}",
            table,
            con.conname,
            kind,
            using_index=True,
        )
    ]
    users: list[fkeys.ForeignKey] = []
    if (*table, con.conname) in ctx.live.constraints:
        ctx.replaced_constraints.add((*table, con.conname))
        attach.insert(0, DropConstraint(f"ALTER TABLE {t} DROP CONSTRAINT {ident(con.conname)}", table, con.conname))
        # Foreign keys that use the old key's index are dropped and added again around the swap (2BP01).
        users = fkeys.using_index((table[0], con.conname), ctx)
    reason = f"turn the ready unique index {index} into {what} {con.conname} (brief lock, no scan)"
    if users:
        steps.append(
            ctx.classified_step(
                ";\n".join(fkeys.around([a.sql for a in attach], users, ctx)),
                CONSTRAIN,
                reason,
                rollback=rollback,
                destructive=False,
            )
        )
        return steps + fkeys.validations(users, CONSTRAIN, Operation.ADD_CONSTRAINT, ctx)
    steps.append(ctx.emit(attach, CONSTRAIN, reason, rollback=rollback, destructive=False))
    return steps


def validate_constraint(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """``VALIDATE CONSTRAINT`` from the differ: already planned by :func:`add_constraint`, or constrain."""
    matched = table_cmd(stmt, ctx, _AT.AT_ValidateConstraint)
    if matched is None:
        return None
    cmd, table = matched
    if (*table, cmd.name) in ctx.validated:
        return []
    return [ctx.emit(stmt, CONSTRAIN, f"validate {cmd.name} against existing rows")]


def drop_constraint(stmt: Stmt, ctx: Context) -> list[Step] | None:
    """``DROP CONSTRAINT``: nothing when it is being replaced; otherwise contract."""
    matched = table_cmd(stmt, ctx, _AT.AT_DropConstraint)
    if matched is None:
        return None
    cmd, table = matched
    if _readded(table, cmd.name, ctx):
        return []
    old = ctx.live.constraints.get((*table, cmd.name))
    rollback = f"ALTER TABLE {ident(*table)} ADD CONSTRAINT {ident(cmd.name)} {old.definition}" if old else None
    return [
        ctx.emit(
            stmt,
            CONTRACT,
            f"constraint {cmd.name} is no longer in the desired schema",
            destructive=True,
            rollback=rollback,
        )
    ]


def _readded(table: QualifiedName, name: str, ctx: Context) -> bool:
    return any(added == name for added, _ in ctx.index(added_constraints).get(table, ()))


def added_constraints(ctx: Context) -> dict[QualifiedName, list[tuple[str, Stmt]]]:
    """The constraints the differ adds, by table: (name, statement) in order."""
    found: dict[QualifiedName, list[tuple[str, Stmt]]] = {}
    for other in ctx.statements:
        cmd = single_cmd(other)
        if cmd is not None and cmd.subtype == _AT.AT_AddConstraint:
            table = ctx.qualify(other.node.alter_table_stmt.relation)
            found.setdefault(table, []).append((getattr(cmd, "def").constraint.conname, other))
    return found
