"""The planner: a pure function from differ statements, live/desired catalogs and hints to a ``Plan``.

Each differ statement goes to the first rewrite that claims it (one module per rewrite); a statement
no rewrite claims is classified and placed by its hazards: destructive or rewriting a populated
table → contract (held for approval), anything else → expand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import postgast
from postgast import pg_query_pb2 as pb

from schemawright.classify.hazards import Hazard
from schemawright.diff.indexes import unseen_index_changes
from schemawright.inspect.catalog import Catalog, QualifiedName
from schemawright.plan import (
    changes,
    columns,
    composites,
    constraints,
    dependents,
    enums,
    extensions,
    functions,
    gaps,
    generated,
    graph,
    identity,
    indexes,
    inheritance,
    inplace,
    keys,
    matviews,
    objects,
    partitions,
    renames,
    retyped_keys,
    types,
    viewchains,
)
from schemawright.plan.context import Context, Stmt, deparse
from schemawright.plan.hints import Hints
from schemawright.plan.model import PHASE_ORDER, PhaseName, Plan, Step, assemble
from schemawright.plan.names import ident, literal
from schemawright.plan.operations import Operation
from schemawright.plan.operations.objects import created, dropped, updated_extension

Rewrite = Callable[[Stmt, Context], "list[Step] | None"]

REWRITES: tuple[Rewrite, ...] = (
    objects.differ_placeholder,
    objects.member_of_dropped_table,
    enums.rebuild_enum,
    indexes.create_index,
    indexes.drop_index,
    constraints.add_constraint,
    constraints.validate_constraint,
    constraints.drop_constraint,
    columns.add_column,
    columns.set_not_null,
    changes.generated_expression,
    generated.drop_expression,
    columns.relax_column,
    columns.drop_column,
    types.alter_type,
    objects.drop_table,
    inplace.replace_trigger,
    inplace.replace_policy,
    objects.drop_object,
    objects.create_object,
)


def split_alter_table(stmt: Stmt) -> list[Stmt]:
    """``ALTER TABLE t a, b`` → one statement per sub-command, so each rewrite sees one change."""
    if stmt.which != "alter_table_stmt" or len(stmt.node.alter_table_stmt.cmds) <= 1:
        return [stmt]
    parts = []
    for cmd in stmt.node.alter_table_stmt.cmds:
        node = stmt.copy_node()
        del node.alter_table_stmt.cmds[:]
        node.alter_table_stmt.cmds.append(cmd)
        parts.append(Stmt(sql=deparse(node), node=node))
    return parts


def build_plan(
    statements: Sequence[str],
    live: Catalog,
    desired: Catalog,
    hints: Hints,
    *,
    source: str = "",
    schemas: tuple[str, ...] = ("public",),
) -> Plan:
    """Turn raw differ ``statements`` into a safe, phased plan. Pure: no I/O."""
    table_renames, column_renames = renames.pending(hints, live)
    live_after = renames.translate_catalog(live, table_renames, column_renames)
    renamed = set(table_renames) | {(s, t) for s, t, _c in column_renames}  # their indexes print other names
    statements = [*statements, *unseen_index_changes(statements, live_after, desired, skip=renamed)]
    parsed = [
        renames.translate(part, table_renames, column_renames, hints.default_schema)
        for text in statements
        for part in split_alter_table(Stmt.parse(text))
    ]
    parsed = dependents.wrap_retyped_columns(parsed, live_after, desired, hints.default_schema)
    parsed = viewchains.drops_before_changes(parsed, live_after, hints.default_schema)
    parsed = keys.missing_index_builds(parsed, live_after, desired, hints.default_schema)
    ctx = Context(live=live_after, desired=desired, hints=hints, statements=parsed)
    ctx.enum_rebuilds.update(
        name
        for name, labels in live.enums.items()
        if name in desired.enums and enums.additions(labels, desired.enums[name]) is None
    )
    extension_steps = _extension_steps(ctx, schemas)
    # Extensions are created first and dropped last: a column or function may still use a dropped one's types.
    steps: list[Step] = [s for s in extension_steps if s.operation != Operation.DROP_EXTENSION]
    rename_ctx = Context(live=live, desired=desired, hints=hints, statements=[])
    steps += _tagged(renames.rename_steps(rename_ctx, table_renames, column_renames), Operation.RENAME)
    steps += _tagged(indexes.rebuild_invalid(ctx), Operation.REBUILD_INVALID_INDEX)
    steps += functions.return_type_changes(ctx)  # CREATE OR REPLACE cannot change a return type (its views too)
    steps += matviews.plan_matviews(ctx)  # new ones populated in backfill, changed ones swapped when populated
    steps += partitions.kind_replacements(ctx)  # a table <-> partitioned table: one transaction, nothing lost
    steps += partitions.partitioned_keys(ctx)  # a key of a partitioned table: the partitions' keys, then attached
    steps += changes.replacements(ctx)  # change sets first: a drop and a create of one name are one change
    steps += inheritance.inherited_changes(ctx)  # a child's copies of its parent's column changes are not run
    steps += generated.kind_changes(ctx)  # stored <-> virtual: the differ does not see it
    steps += composites.composite_changes(ctx)  # a composite type's drop + create → ALTER TYPE
    steps += keys.key_changes(ctx)  # renamed constraints; a unique constraint turned into a unique index
    steps += identity.identity_changes(ctx)
    steps += retyped_keys.retyped_together(ctx)  # both sides of a foreign key retyped: one transaction
    origin: list[tuple[Stmt, list[Step]]] = []
    for stmt in parsed:
        if id(stmt) in ctx.handled:
            continue
        produced = _rewrite(stmt, ctx)
        origin.append((stmt, produced))
        steps += produced
    steps += partitions.partition_changes(ctx)  # after the differ's creates: a new parent exists by then
    steps += functions.stale_indexes(ctx)  # after the function whose results they store is replaced
    steps += [s for s in extension_steps if s.operation == Operation.DROP_EXTENSION]
    steps += gaps.force_row_security(ctx) + gaps.domain_changes(ctx) + gaps.sequence_changes(ctx)
    steps += gaps.not_null_names(ctx)
    steps += gaps.view_option_changes(ctx) + gaps.privilege_changes(ctx)
    steps = _place_view_replacements(origin, steps, ctx)
    steps = _order_views(steps, desired, ctx)
    steps = _merge_view_replacements(origin, steps, ctx)
    steps = graph.schedule(steps, live_after, desired, ctx.schema)
    steps = gaps.place_comments(steps, gaps.comment_changes(ctx), ctx.schema)
    return assemble(
        live.fingerprint(),
        steps,
        source=source,
        desired_fingerprint=desired.fingerprint(),
        notes=tuple(ctx.notes),
        schemas=schemas,
    )


def _tagged(steps: list[Step], operation: Operation) -> list[Step]:
    """``steps`` naming ``operation``, unless the rewrite named a more specific one."""
    return [s if s.operation else replace(s, operation=operation) for s in steps]


def _rewrite(stmt: Stmt, ctx: Context) -> list[Step]:
    for rewrite in REWRITES:
        produced = rewrite(stmt, ctx)
        if produced is not None:
            return _tagged(produced, Operation(rewrite.__name__))
    return [_fallback(stmt, ctx)]


def _fallback(stmt: Stmt, ctx: Context) -> Step:
    step = ctx.emit(stmt, PhaseName.EXPAND, "as computed by the differ", operation=Operation.DIFFER_STATEMENT)
    if Hazard.UNCLASSIFIED in step.hazards:
        # Fail closed: a statement kind we do not know may lock or destroy anything.
        return ctx.emit(
            stmt,
            PhaseName.CONTRACT,
            f"as computed by the differ; the planner does not know "
            f"{step.kind} statements, so it assumes the strongest lock and holds it for approval",
            operation=Operation.UNCLASSIFIED,
        )
    if step.destructive or Hazard.TABLE_REWRITE in step.hazards:
        why = "deletes data or cannot be undone" if step.destructive else "rewrites a populated table"
        return ctx.emit(
            stmt,
            PhaseName.CONTRACT,
            f"as computed by the differ; {why}: held for approval",
            operation=Operation.DIFFER_STATEMENT,
        )
    return step


def _extension_steps(ctx: Context, schemas: tuple[str, ...]) -> list[Step]:
    """Declared extensions created or updated to the desired version (expand); undeclared ones installed in a
    managed schema dropped (contract, held), unless the document keeps undeclared extensions."""
    steps = [
        ctx.emit(
            created(extensions.create_sql(name, ctx.desired.extensions.get(name)), "CREATE EXTENSION"),
            PhaseName.EXPAND,
            f"the document lists the extension {name}",
            operation=Operation.CREATE_EXTENSION,
        )
        for name in ctx.hints.extensions
        if name not in ctx.live.extensions
    ]
    for name, version in sorted(ctx.desired.extensions.items()):
        old = ctx.live.extensions.get(name)
        if old is not None and old != version:
            extensions.refuse_downgrade(name, old, version)
            steps.append(
                ctx.emit(
                    updated_extension(f"ALTER EXTENSION {ident(name)} UPDATE TO {literal(version)}"),
                    PhaseName.EXPAND,
                    f"update the extension {name} from version {old} to {version} (its update script runs; "
                    "extensions rarely ship a script back, so there is no rollback)",
                    operation=Operation.UPDATE_EXTENSION,
                )
            )
    if ctx.hints.keep_undeclared_extensions:
        return steps
    declared = set(ctx.hints.extensions) | set(ctx.desired.extensions)
    for name, schema in sorted(ctx.live.extension_schemas.items()):
        if name not in declared and schema in schemas:
            steps.append(
                ctx.emit(
                    dropped(f"DROP EXTENSION {ident(name)}", "EXTENSION"),
                    PhaseName.CONTRACT,
                    f"the extension {name} is installed in the managed schema {schema} but the document does not "
                    "declare it: dropped (with its functions and types), held for approval",
                    destructive=True,
                    operation=Operation.DROP_EXTENSION,
                )
            )
    return steps


_REPLACED = {"DROP POLICY": Operation.REPLACE_POLICY, "DROP TRIGGER": Operation.REPLACE_TRIGGER}
_MEMBER_CREATES = {pb.ObjectType.OBJECT_POLICY: "create_policy_stmt", pb.ObjectType.OBJECT_TRIGGER: "create_trig_stmt"}


def _wrapped(stmt: Stmt, ctx: Context, view_kinds: tuple[int, ...]) -> tuple[set[str], Callable[[Stmt], bool]] | None:
    """For a drop the differ re-creates after a change that needs it gone (a view, a policy or a trigger):
    the tables it reads, and a test for the statement that re-creates it. None for any other statement."""
    if id(stmt) not in ctx.recreated_objects:
        return None
    kind = stmt.node.drop_stmt.remove_type
    names = objects._names(stmt, ctx)
    if kind in view_kinds:
        reads = {f"{s}.{t}" for s, t in viewchains.reads(names, ctx.live)}  # at any depth of a view chain
        return (
            reads,
            lambda o: (
                (o.which == "view_stmt" and ctx.qualify(o.node.view_stmt.view) in names)
                or (o.which == "create_table_as_stmt" and ctx.qualify(o.node.create_table_as_stmt.into.rel) in names)
            ),
        )
    if kind not in _MEMBER_CREATES or not stmt.node.drop_stmt.objects[0].HasField("list"):
        return None
    parts = [i.string.sval for i in stmt.node.drop_stmt.objects[0].list.items]
    table = (parts[0] if len(parts) == 3 else ctx.schema, parts[-2])
    create_kind = _MEMBER_CREATES[kind]

    def recreates(o: Stmt) -> bool:
        if o.which != create_kind:
            return False
        inner = o.node.create_policy_stmt if create_kind == "create_policy_stmt" else o.node.create_trig_stmt
        rv = inner.table if create_kind == "create_policy_stmt" else inner.relation
        name = inner.policy_name if create_kind == "create_policy_stmt" else inner.trigname
        return ctx.qualify(rv) == table and name == parts[-1]

    return {f"{table[0]}.{table[1]}"}, recreates


def _place_view_replacements(origin: list[tuple[Stmt, list[Step]]], steps: list[Step], ctx: Context) -> list[Step]:
    """A view dropped and re-created around a change to a table it reads moves to that change's phase,
    so the view is never re-created before the column it depends on has changed. A view that loses columns
    moves to contract (clients reading them break), and a view reading a moved view moves with it."""
    spans: list[tuple[list[QualifiedName], set[QualifiedName], list[Step], PhaseName]] = []
    for i, (stmt, produced) in enumerate(origin):
        wrapped = _wrapped(stmt, ctx, (pb.ObjectType.OBJECT_VIEW, pb.ObjectType.OBJECT_MATVIEW))
        if wrapped is None:
            continue
        reads, recreates = wrapped
        names = objects._names(stmt, ctx)
        narrows = viewchains.loses_columns(names, ctx.live, ctx.desired, ctx.hints.column_renames.values())
        latest = PhaseName.CONTRACT if narrows else PhaseName.EXPAND
        create_index = None
        for j in range(i + 1, len(origin)):
            other, other_steps = origin[j]
            if recreates(other):
                create_index = j
                break
            for s in other_steps:
                if s.table in reads and PHASE_ORDER.index(s.phase) > PHASE_ORDER.index(latest):
                    latest = s.phase
        if create_index is not None:
            spans.append((names, viewchains.reads(names, ctx.live), produced + origin[create_index][1], latest))
    phases = viewchains.chain_phases([(names, reads, latest) for names, reads, _steps, latest in spans])
    moved = {
        id(s): phase
        for (_n, _r, span_steps, _l), phase in zip(spans, phases, strict=True)
        if phase is not PhaseName.EXPAND
        for s in span_steps
    }
    if not moved:
        return steps
    return [replace(s, phase=moved[id(s)]) if id(s) in moved else s for s in steps]


def _order_views(steps: list[Step], desired: Catalog, ctx: Context) -> list[Step]:
    """Re-create views after the views they read (migra sometimes emits them in the wrong order)."""
    view_slots = [i for i, s in enumerate(steps) if s.kind.startswith("CREATE VIEW")]  # (+ GRANT, COMMENT)
    if len(view_slots) < 2:
        return steps
    by_name: dict[QualifiedName, Step] = {}
    for i in view_slots:
        stmt = Stmt.parse(postgast.split(steps[i].sql)[0])  # the CREATE VIEW (then its comments)
        by_name[ctx.qualify(stmt.node.view_stmt.view)] = steps[i]
    ordered: list[Step] = []
    seen: set[QualifiedName] = set()

    def visit(name: QualifiedName, trail: tuple[QualifiedName, ...] = ()) -> None:
        if name in seen or name in trail:
            return
        for dep in desired.view_dependencies.get(name, ()):
            if dep in by_name:
                visit(dep, (*trail, name))
        seen.add(name)
        ordered.append(by_name[name])

    for name in by_name:
        visit(name)
    # Keep each phase's views in their own phase: sort within the slots, phase by phase.
    result = list(steps)
    for phase in PHASE_ORDER:
        slots = [i for i in view_slots if steps[i].phase == phase]
        in_phase = [s for s in ordered if s.phase == phase]
        for i, s in zip(slots, in_phase, strict=True):
            result[i] = s
    return result


_VIEW_KINDS = (pb.ObjectType.OBJECT_VIEW, pb.ObjectType.OBJECT_MATVIEW)


def _view_replacement_sql(origin: list[tuple[Stmt, list[Step]]], ctx: Context) -> set[str]:
    """The SQL of every view drop and re-creation: inside another view's replacement they belong to it (a view
    chain is replaced in one transaction)."""
    found: set[str] = set()
    for i, (stmt, produced) in enumerate(origin):
        wrapped = _wrapped(stmt, ctx, _VIEW_KINDS)
        if wrapped is not None:
            create = next((p for o, p in origin[i + 1 :] if wrapped[1](o)), [])
            found.update(s.sql for s in produced + create)
    return found


def _merge_view_replacements(origin: list[tuple[Stmt, list[Step]]], steps: list[Step], ctx: Context) -> list[Step]:
    """A view dropped and re-created (with the changes between, e.g. the type change it depends on) runs as
    one transaction: no client finds the view missing, and a step that fails (a lock timeout) leaves it."""
    ordered = sorted(steps, key=lambda s: PHASE_ORDER.index(s.phase))  # the run order (stable)
    spans: list[tuple[int, int]] = []
    drops: set[str] = set()
    narrowed: set[str] = set()  # drops of views that lose columns: their readers break
    chain = _view_replacement_sql(origin, ctx)
    for i, (stmt, produced) in enumerate(origin):
        wrapped = _wrapped(stmt, ctx, _VIEW_KINDS)
        if wrapped is None or not produced:
            continue
        reads, recreates = wrapped
        names = objects._names(stmt, ctx)
        create = next((p for o, p in origin[i + 1 :] if recreates(o)), None)
        first = next((k for k, s in enumerate(ordered) if s.sql == produced[0].sql), None)
        last = next((k for k, s in enumerate(ordered) if create and s.sql == create[-1].sql), None)
        if first is None or last is None or last <= first:
            continue
        # Steps in between that do not touch what the view reads run before the group (in their order).
        inner = ordered[first + 1 : last]
        unrelated = [s for s in inner if s.table not in reads and s.sql not in chain]
        ordered[first : last + 1] = [
            *unrelated,
            ordered[first],
            *[s for s in inner if s not in unrelated],
            ordered[last],
        ]
        first += len(unrelated)
        group = ordered[first : last + 1]
        if len({s.phase for s in group}) == 1 and all(s.transactional and s.backfill is None for s in group):
            spans.append((first, last))
            drops.update(s.sql for s in produced)
            if viewchains.loses_columns(names, ctx.live, ctx.desired, ctx.hints.column_renames.values()):
                narrowed.update(s.sql for s in produced)
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    if not merged:
        return steps
    result: list[Step] = []
    done = 0
    for a, b in merged:
        result += ordered[done:a]
        result.append(_one_transaction(ordered[a : b + 1], drops, narrowed))
        done = b + 1
    return result + ordered[done:]


def _one_transaction(group: list[Step], view_drops: set[str], narrowed: set[str]) -> Step:
    lock = group[0].lock
    for s in group[1:]:
        lock = lock.strongest(s.lock)
    return Step(
        sql="\n".join(s.sql for s in group),
        phase=group[0].phase,
        reason="one transaction, so the object is replaced, never missing: " + "; ".join(s.reason for s in group),
        kind=" + ".join(dict.fromkeys(k for s in group for k in s.kind.split(" + "))),  # each statement kind once
        lock=lock,
        transactional=True,
        # The view's drop is undone in the same transaction: its own hazards do not apply.
        hazards=tuple(
            sorted(
                {h for s in group if s.sql not in view_drops for h in s.hazards}
                | ({Hazard.BREAKS_CLIENTS} if any(s.sql in narrowed for s in group) else set())
            )
        ),
        destructive=any(s.destructive for s in group),
        rollback=None,
        operation=_REPLACED.get(group[0].kind, Operation.REPLACE_VIEW),
        table=next((s.table for s in group if s.table), None),
        long_running=any(s.long_running for s in group),
    )
