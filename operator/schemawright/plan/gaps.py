"""Changes the differ does not see, planned from the live and desired catalogs.

migra compares a fixed set of object properties; what it leaves out would make a plan silently incomplete
(the document says one thing, the database keeps another, and a re-plan is empty). Each gap here compares
one property in both catalogs and plans the statement for it, unless the differ emitted one after all:

- ``FORCE ROW LEVEL SECURITY`` (row security then applies to the table's owner too);
- a domain's default, ``NOT NULL`` and ``CHECK`` constraints (new checks are added ``NOT VALID`` and validated
  in constrain; a changed check is added beside the old one under a temporary name, validated, swapped in);
- a sequence's options (``INCREMENT``, ``MINVALUE``/``MAXVALUE``, ``START``, ``CACHE``, ``CYCLE``, ``AS``);
- a view's options (``security_barrier``, ``security_invoker``, ``check_option``);
- comments on tables, views, materialized views, foreign tables and their columns (placed by
  :func:`place_comments` after the schedule, next to the step that creates or last changes their table).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Hazard, Lock
from schemawright.inspect.catalog import Domain, QualifiedName, SequenceOptions
from schemawright.plan import domains, graph
from schemawright.plan.carried import COMMENT_ON, privilege_sql
from schemawright.plan.constraints import column_cmd
from schemawright.plan.context import Context, Stmt
from schemawright.plan.model import PhaseName, Step
from schemawright.plan.names import ident, literal, qualified, temporary
from schemawright.plan.operations import Operation

_AT = pb.AlterTableType
T = TypeVar("T")


@dataclass
class _Gap:
    """The steps one gap builder plans: all of one operation, each reason set in ``frame``."""

    ctx: Context
    operation: str
    frame: str = "{}"
    steps: list[Step] = field(default_factory=list)

    def add(
        self,
        sql: str,
        phase: PhaseName,
        why: str,
        kind: str,
        lock: Lock = Lock.NONE,
        *,
        table: QualifiedName | None = None,
        hazards: tuple[Hazard, ...] = (),
        rollback: str | None = None,
        destructive: bool = False,
    ) -> Step:
        """Plan one statement of this gap (kept in ``steps`` and returned)."""
        step = self.ctx.known_step(
            sql,
            phase,
            self.frame.format(why),
            kind=kind,
            lock=lock,
            table=table,
            operation=self.operation,
            hazards=hazards,
            rollback=rollback,
            destructive=destructive,
        )
        self.steps.append(step)
        return step


def force_row_security(ctx: Context) -> list[Step]:
    """``FORCE`` (expand) or ``NO FORCE`` (contract: the owner sees every row again) where only that changed."""
    emitted = {
        ctx.qualify(s.node.alter_table_stmt.relation)
        for s in ctx.statements
        if s.which == "alter_table_stmt"
        and any(
            c.alter_table_cmd.subtype in (_AT.AT_ForceRowSecurity, _AT.AT_NoForceRowSecurity)
            for c in s.node.alter_table_stmt.cmds
        )
    }
    gap = _Gap(ctx, Operation.FORCE_ROW_SECURITY)
    for table in sorted(ctx.desired.tables):
        if table in emitted:
            continue
        forced = ctx.desired.row_security.get(table, (False, False))[1]
        was_forced = ctx.live.row_security.get(table, (False, False))[1]
        if forced == was_forced or (not forced and table not in ctx.live.tables):
            continue
        name = ident(*table)
        if forced:
            gap.add(
                f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY",
                PhaseName.EXPAND,
                f"the table owner of {table[1]} is held to its policies too (the differ does not compare FORCE)",
                "ALTER TABLE FORCE ROW LEVEL SECURITY",
                Lock.ACCESS_EXCLUSIVE,
                table=table,
                rollback=f"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY" if table in ctx.live.tables else None,
            )
        else:
            gap.add(
                f"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY",
                PhaseName.CONTRACT,
                f"the table owner of {table[1]} is no longer held to its policies: every row becomes visible to it",
                "ALTER TABLE NO FORCE ROW LEVEL SECURITY",
                Lock.ACCESS_EXCLUSIVE,
                table=table,
                destructive=True,
                rollback=f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY",
            )
    return gap.steps


def _names(stmt: Stmt, ctx: Context) -> list[QualifiedName]:
    """The objects a differ statement names (relations, sequences, domains), for "the differ saw it"."""
    n = stmt.node
    match stmt.which:
        case "drop_stmt":
            return [
                (p[-2], p[-1]) if len(p) >= 2 else (ctx.schema, p[-1])
                for p in (
                    [i.string.sval for i in (o.list.items if o.HasField("list") else o.type_name.names)]
                    for o in n.drop_stmt.objects
                    if o.HasField("list") or o.HasField("type_name")
                )
            ]
        case "view_stmt":
            return [ctx.qualify(n.view_stmt.view)]
        case "create_seq_stmt":
            return [ctx.qualify(n.create_seq_stmt.sequence)]
        case "alter_seq_stmt":
            return [ctx.qualify(n.alter_seq_stmt.sequence)]
        case "create_domain_stmt" | "alter_domain_stmt":
            created = stmt.which == "create_domain_stmt"
            parts = [
                i.string.sval for i in (n.create_domain_stmt.domainname if created else n.alter_domain_stmt.type_name)
            ]
            return [qualified(parts, ctx.schema)]
    return []


def _unseen(ctx: Context, live: Mapping[QualifiedName, T], desired: Mapping[QualifiedName, T]) -> list[QualifiedName]:
    """Objects in both catalogs that no differ statement names, sorted."""
    seen = {name for s in ctx.statements for name in _names(s, ctx)}
    return sorted(name for name in desired if name in live and name not in seen and live[name] != desired[name])


def domain_changes(ctx: Context) -> list[Step]:
    """Defaults, NOT NULL and checks of existing domains, compared in both catalogs."""
    seen = {name for s in ctx.statements for name in _names(s, ctx)}
    steps: list[Step] = [
        _create_domain(name, domain, ctx)
        for name, domain in sorted(ctx.desired.domains.items())
        if name not in ctx.live.domains and name not in seen
    ]
    for name in _unseen(ctx, ctx.live.domains, ctx.desired.domains):
        old, new = ctx.live.domains[name], ctx.desired.domains[name]
        if (old.base_type, old.collation) != (new.base_type, new.collation):
            steps.append(domains.base_type_swap(name, new, ctx))  # its default, NOT NULL and checks come along
            continue
        steps += _domain_steps(name, old, new, ctx)
    return steps


def _create_domain(name: QualifiedName, domain: Domain, ctx: Context) -> Step:
    """A new domain the differ does not create (migra leaves new domains out)."""
    return _Gap(ctx, Operation.ALTER_DOMAIN).add(
        domains.create_domain(ident(*name), domain),
        PhaseName.EXPAND,
        f"create the new domain {name[1]} (the differ leaves it out)",
        "CREATE DOMAIN",
        rollback=f"DROP DOMAIN IF EXISTS {ident(*name)}",
    )


def _domain_steps(name: QualifiedName, old: Domain, new: Domain, ctx: Context) -> list[Step]:
    d = f"ALTER DOMAIN {ident(*name)}"
    gap = _Gap(ctx, Operation.ALTER_DOMAIN, f"domain {name[1]}: {{}} (the differ does not compare domains)")
    step = gap.add

    if old.default != new.default:
        set_new = f"{d} SET DEFAULT {new.default}" if new.default else f"{d} DROP DEFAULT"
        set_old = f"{d} SET DEFAULT {old.default}" if old.default else f"{d} DROP DEFAULT"
        step(
            set_new,
            PhaseName.EXPAND,
            "new default (for rows written from now on)",
            "ALTER DOMAIN SET DEFAULT" if new.default else "ALTER DOMAIN DROP DEFAULT",
            rollback=set_old,
        )
    if new.not_null and not old.not_null:
        step(
            f"{d} SET NOT NULL",
            PhaseName.CONSTRAIN,
            "NOT NULL, checked against every column of the domain",
            "ALTER DOMAIN SET NOT NULL",
            Lock.SHARE,
            hazards=(Hazard.VALIDATION_SCAN,),
            rollback=f"{d} DROP NOT NULL",
        )
    elif old.not_null and not new.not_null:
        step(
            f"{d} DROP NOT NULL",
            PhaseName.EXPAND,
            "NULL allowed",
            "ALTER DOMAIN DROP NOT NULL",
            rollback=f"{d} SET NOT NULL",
        )
    before, after = dict(old.checks), dict(new.checks)
    for check, definition in after.items():
        body = definition.removesuffix(" NOT VALID")
        if before.get(check) == definition:
            continue
        target = temporary(check, "new") if check in before else check
        step(
            f"{d} ADD CONSTRAINT {ident(target)} {body} NOT VALID",
            PhaseName.EXPAND,
            f"check {target} NOT VALID: enforced for new values at once, existing ones not scanned",
            "ALTER DOMAIN ADD CONSTRAINT NOT VALID",
            Lock.SHARE,
            rollback=f"{d} DROP CONSTRAINT IF EXISTS {ident(target)}",
        )
        step(
            f"{d} VALIDATE CONSTRAINT {ident(target)}",
            PhaseName.CONSTRAIN,
            f"validate {target} against existing values; writes continue",
            "ALTER DOMAIN VALIDATE CONSTRAINT",
            Lock.SHARE_UPDATE_EXCLUSIVE,
            hazards=(Hazard.VALIDATION_SCAN,),
        )
        if target != check:
            step(
                f"{d} DROP CONSTRAINT {ident(check)};\n{d} RENAME CONSTRAINT {ident(target)} TO {ident(check)}",
                PhaseName.CONSTRAIN,
                f"swap the validated {target} in for the old {check}",
                "ALTER DOMAIN DROP CONSTRAINT + RENAME CONSTRAINT",
                Lock.ACCESS_EXCLUSIVE,
            )
    for check, definition in before.items():
        if check not in after:
            step(
                f"{d} DROP CONSTRAINT {ident(check)}",
                PhaseName.CONTRACT,
                f"check {check} is no longer desired",
                "ALTER DOMAIN DROP CONSTRAINT",
                Lock.ACCESS_EXCLUSIVE,
                destructive=True,
                rollback=f"{d} ADD CONSTRAINT {ident(check)} {definition}",
            )
    return gap.steps


def not_null_names(ctx: Context) -> list[Step]:
    """A column's NOT NULL constraint renamed to the name the document gives it (PostgreSQL 18 names it when the
    column is created and keeps the name through renames: a pg_dump of a database whose columns or tables were
    renamed declares the old names, and a column made by the plan gets the default one). A default name in the
    document names nothing (the document did not say), so a live name is left as it is; nor for a column or
    table the plan drops, adds or replaces: its constraint goes or comes with it."""
    dropped = _dropped_names(ctx)
    rebuilt = {
        (*matched[0], matched[1])
        for stmt in ctx.statements
        if (matched := column_cmd(stmt, ctx, _AT.AT_DropColumn, _AT.AT_AddColumn)) is not None
    }
    gap = _Gap(ctx, Operation.RENAME_CONSTRAINT)
    for (schema, table, column), name in sorted(ctx.desired.not_null_names.items()):
        old = ctx.live.not_null_names.get((schema, table, column))
        if old is None or old == name or (schema, table) in dropped or (schema, table, column) in rebuilt:
            continue
        if name == f"{table}_{column}_not_null":
            continue  # the name PostgreSQL gives: the document does not name it, so any name does
        if any(key[:2] == (schema, table) and other == name for key, other in ctx.live.not_null_names.items()):
            continue  # the name is another column's now: renaming would clash
        t = ident(schema, table)
        gap.add(
            f"ALTER TABLE {t} RENAME CONSTRAINT {ident(old)} TO {ident(name)}",
            PhaseName.EXPAND,
            f"the NOT NULL constraint of {table}.{column} is named {name} in the document ({old} here): renamed, "
            "nothing checked",
            "ALTER TABLE RENAME CONSTRAINT",
            Lock.ACCESS_EXCLUSIVE,
            table=(schema, table),
            rollback=f"ALTER TABLE {t} RENAME CONSTRAINT {ident(name)} TO {ident(old)}",
        )
    return gap.steps


def _sequence_clauses(old: SequenceOptions, new: SequenceOptions) -> list[str]:
    """The ``ALTER SEQUENCE`` clauses that turn ``old`` into ``new``."""
    clauses = []
    if old.data_type != new.data_type:
        clauses.append(f"AS {new.data_type}")
    for label, a, b in (
        ("INCREMENT BY", old.increment, new.increment),
        ("MINVALUE", old.minimum, new.minimum),
        ("MAXVALUE", old.maximum, new.maximum),
        ("START WITH", old.start, new.start),
        ("CACHE", old.cache, new.cache),
    ):
        if a != b:
            clauses.append(f"{label} {b}")
    if old.cycle != new.cycle:
        clauses.append("CYCLE" if new.cycle else "NO CYCLE")
    return clauses


def sequence_changes(ctx: Context) -> list[Step]:
    """Options of existing sequences, compared in both catalogs (expand: the next values follow them)."""
    gap = _Gap(ctx, Operation.ALTER_SEQUENCE, "sequence {}: options changed (the differ does not compare them)")
    for name in _unseen(ctx, ctx.live.sequence_options, ctx.desired.sequence_options):
        old, new = ctx.live.sequence_options[name], ctx.desired.sequence_options[name]
        seq = f"ALTER SEQUENCE {ident(*name)}"
        gap.add(
            f"{seq} {' '.join(_sequence_clauses(old, new))}",
            PhaseName.EXPAND,
            name[1],
            "ALTER SEQUENCE",
            rollback=f"{seq} {' '.join(_sequence_clauses(new, old))}",
        )
    return gap.steps


def view_option_changes(ctx: Context) -> list[Step]:
    """Options of existing views whose definition stays: ``SET`` (expand) or ``RESET`` (contract: a view
    without ``security_barrier``/``security_invoker`` may show rows it did not)."""
    gap = _Gap(ctx, Operation.VIEW_OPTIONS)
    for name in _unseen(ctx, ctx.live.view_options, ctx.desired.view_options):
        old, new = (
            dict(o.split("=", 1) for o in ctx.live.view_options[name]),
            dict(o.split("=", 1) for o in ctx.desired.view_options[name]),
        )
        v = f"ALTER VIEW {ident(*name)}"
        added = [f"{k}={new[k]}" for k in sorted(new) if old.get(k) != new[k]]
        removed = [k for k in sorted(old) if k not in new]
        restore = [f"{k}={old[k]}" for k in sorted(old) if new.get(k) != old[k]]
        undo = [f"{v} RESET ({', '.join(k for k in sorted(new) if k not in old)})"] if set(new) - set(old) else []
        undo += [f"{v} SET ({', '.join(restore)})"] if restore else []
        if added:
            gap.add(
                f"{v} SET ({', '.join(added)})",
                PhaseName.EXPAND,
                f"view {name[1]}: options set (the differ does not compare view options)",
                "ALTER VIEW SET",
                Lock.ACCESS_EXCLUSIVE,
                table=name,
                rollback=";\n".join(undo) if not removed else None,
            )
        if removed:
            gap.add(
                f"{v} RESET ({', '.join(removed)})",
                PhaseName.CONTRACT,
                f"view {name[1]}: options removed; without them the view may show rows it did not: held for approval",
                "ALTER VIEW RESET",
                Lock.ACCESS_EXCLUSIVE,
                table=name,
                destructive=True,
                rollback=f"{v} SET ({', '.join(f'{k}={old[k]}' for k in removed)})",
            )
    return gap.steps


PrivilegeKey = tuple[str, str, str, str]  # (kind, schema, name or signature, column or "")


def _dropped_names(ctx: Context) -> set[tuple[str, str]]:
    """Relations and functions (``name(`` prefix) the differ drops: their privileges go with them."""
    dropped: set[tuple[str, str]] = set()
    for stmt in ctx.statements:
        if stmt.which != "drop_stmt":
            continue
        dropped.update(_names(stmt, ctx))
        for o in stmt.node.drop_stmt.objects:
            if o.HasField("object_with_args"):
                parts = [i.string.sval for i in o.object_with_args.objname]
                dropped.add((parts[-2] if len(parts) >= 2 else ctx.schema, parts[-1] + "("))
    return dropped


def _exists(kind: str, schema: str, name: str, ctx: Context) -> bool:
    if kind in ("FUNCTION", "PROCEDURE"):
        return f"{schema}.{name}" in ctx.desired.functions
    if kind == "SEQUENCE":
        return (schema, name) in ctx.desired.sequences
    return (schema, name) in ctx.desired.tables or (schema, name) in ctx.desired.views


def privilege_changes(ctx: Context) -> list[Step]:
    """Privileges the document grants that the live object lacks (expand), and privileges of the roles the
    document grants to that it no longer grants (contract). Roles the document never names keep theirs: their
    grants belong to the platform. Objects the differ drops and re-creates lose theirs: granted again, unless
    the step that replaces them grants them itself (``ctx.regranted``, plan/carried.py)."""
    managed = {grantee for pairs in ctx.desired.privileges.values() for grantee, _ in pairs}
    dropped = _dropped_names(ctx)
    wanted: dict[tuple[str, str, str], set[tuple[str, str, str]]] = {}
    held: dict[tuple[str, str, str], set[tuple[str, str, str]]] = {}
    for source, into in ((ctx.desired.privileges, wanted), (ctx.live.privileges, held)):
        for (kind, schema, name, column), pairs in source.items():
            into.setdefault((kind, schema, name), set()).update((g, p, column) for g, p in pairs)
    gap = _Gap(ctx, Operation.PRIVILEGES)
    for kind, schema, name in sorted(set(wanted) | set(held)):
        if not _exists(kind, schema, name, ctx) or (schema, name) in ctx.regranted:
            continue
        gone = (schema, name) in dropped or (schema, name.partition("(")[0] + "(") in dropped
        want = wanted.get((kind, schema, name), set())
        have = set() if gone else held.get((kind, schema, name), set())
        if not gone:  # its owner holds every privilege already (a new or re-created object's: the applier)
            owner = ctx.live.owners.get((kind, schema, name))
            want = {p for p in want if p[0] != owner}
        table = (schema, name) if kind == "TABLE" else None
        grant, revoke = want - have, {p for p in have - want if p[0] in managed}
        if grant:
            gap.add(
                privilege_sql("GRANT", kind, schema, name, grant),
                PhaseName.EXPAND,
                f"privileges the document grants on {name}" + (" (re-created, so granted again)" if gone else ""),
                "GRANT",
                table=table,
                rollback=None if gone else privilege_sql("REVOKE", kind, schema, name, grant),
            )
        if revoke:
            gap.add(
                privilege_sql("REVOKE", kind, schema, name, revoke),
                PhaseName.CONTRACT,
                f"privileges on {name} the document no longer grants: clients using them fail afterwards",
                "REVOKE",
                table=table,
                destructive=True,
                hazards=(Hazard.BREAKS_CLIENTS,),
                rollback=privilege_sql("GRANT", kind, schema, name, revoke),
            )
    return gap.steps


def _comment_target_exists(key: tuple[str, str, str], kind: str, ctx: Context) -> bool:
    """Whether the desired schema keeps the object a live comment is on (a dropped one takes its comment along)."""
    schema, relation, column = key
    if kind in "rpf":
        table = ctx.desired.tables.get((schema, relation))
        return table is not None and (not column or column in table.columns)
    return not column and (schema, relation) in ctx.desired.views


def comment_changes(ctx: Context) -> list[Step]:
    """``COMMENT ON`` every table, view and column whose comment the document sets, changes or removes (the
    differ does not compare comments), except on relations whose replacement sets them itself (``carried``).
    A comment locks nothing a reader or writer waits on for long: expand."""
    gap = _Gap(ctx, Operation.COMMENT)
    live, desired = ctx.live.comments, ctx.desired.comments
    for key in sorted(set(desired) | set(live)):
        new, old = desired.get(key), live.get(key)
        if (new is not None and old is not None and new[1] == old[1]) or key[:2] in ctx.recommented:
            continue
        kind = (new or old or ("r", ""))[0]
        if new is None and not _comment_target_exists(key, kind, ctx):
            continue
        schema, relation, column = key
        target = (
            f"COLUMN {ident(schema, relation, column)}" if column else f"{COMMENT_ON[kind]} {ident(schema, relation)}"
        )
        text = literal(new[1]) if new is not None else "NULL"
        before = literal(old[1]) if old is not None else "NULL"
        what = f"{relation}.{column}" if column else relation
        gap.add(
            f"COMMENT ON {target} IS {text}",
            PhaseName.EXPAND,
            f"the document {'sets' if new is not None else 'removes'} the comment on {what} (the differ does not "
            "compare comments)",
            "COMMENT",
            Lock.SHARE_UPDATE_EXCLUSIVE,
            table=(schema, relation),
            rollback=f"COMMENT ON {target} IS {before}"
            if (schema, relation) in ctx.live.tables or (schema, relation) in ctx.live.views
            else None,
        )
    return gap.steps


def place_comments(scheduled: list[Step], comments: list[Step], schema: str) -> list[Step]:
    """Put each comment step right after the last scheduled step on its table (in that step's phase; after a
    backfill or switch step, at the end of the next phase that runs DDL), else at the end of expand. A comment
    on a table that already has one goes right after that one.

    ``scheduled`` is in phase order. Each step is parsed once and each comment placed by a look-up (a scan of
    every step for every comment is quadratic: thousands of comments in a documented schema)."""
    roots = [_Placed(step) for step in scheduled]
    last: dict[str | None, _Placed] = {}  # the step or comment that a comment on this table follows
    for placed in roots:
        created = {
            ".".join(what[1:])
            for kind, what in graph.effects(placed.step, schema)
            if kind == "create" and what[0] == "relation"
        }
        for table in (placed.step.table, *created):
            last[table] = placed
    ends: dict[PhaseName, list[_Placed]] = {phase: [] for phase in PhaseName}  # at the end of each phase
    for comment in comments:
        anchor = last.get(comment.table)
        phase = PhaseName(anchor.step.phase) if anchor else PhaseName.EXPAND
        if phase in (PhaseName.BACKFILL, PhaseName.SWITCH):
            phase, anchor = (PhaseName.CONSTRAIN if phase == PhaseName.BACKFILL else PhaseName.CONTRACT), None
        placed = _Placed(replace(comment, phase=phase))
        if anchor is not None:
            anchor.after.insert(0, placed)  # right after the anchor: before what was placed there earlier
        else:
            ends[phase].append(placed)
        last[comment.table] = placed
    out: list[Step] = []
    for phase in PhaseName:
        for placed in [*(r for r in roots if PhaseName(r.step.phase) == phase), *ends[phase]]:
            placed.flatten(out)
    return out


@dataclass
class _Placed:
    """A step and the comments placed right after it, in order."""

    step: Step
    after: list[_Placed] = field(default_factory=list)

    def flatten(self, out: list[Step]) -> None:
        out.append(self.step)
        for placed in self.after:
            placed.flatten(out)
