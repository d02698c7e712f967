"""The schedule: phases stay the primary order, but no step runs before a step it depends on.

What a step does to which object (its *effects*) is read from its SQL; what depends on what comes from
``pg_depend`` of both catalogs (``Catalog.dependencies``). A step must follow another when

1. it drops or alters an object another step must first drop a dependent of (a primary key before its
   column's ``DROP NOT NULL``, a view or a dropped foreign key before its column's type change, a partition
   before its parent, a table whose foreign key references the table dropped);
2. it creates an object that depends (in the desired catalog) on one another step creates or retypes;
3. it creates an object of the same name another step drops (a table and a type count as one kind: a
   table's row type takes the table's name; an index is dropped by its table's drop);
4. it acts on a table (an index, trigger or policy on it, an ``ALTER TABLE``) another step creates.

When a step would run in an earlier phase than a step it must follow, it moves to that later phase and
its reason says why. Within a phase the order is the producing order, changed only where it must be.
migra's own order is not trusted.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

import postgast
from postgast import pg_query_pb2 as pb

from schemawright.classify.statements import parse_one
from schemawright.guard.nodes import range_name
from schemawright.inspect.catalog import Catalog, ObjectRef
from schemawright.plan import functions
from schemawright.plan.model import PHASE_ORDER, Step
from schemawright.plan.names import qualified

# ("create" | "drop" | "alter-type" | "drop-not-null" | "on", object), "on" for what is built on or alters a
# table; a function is also ("create-overload" | "drop-overload", ("function", schema, name, argument types)); a
# relation built aside under a temporary name is ("create-aside", the name it will take), its rename to that name
# ("swap-in", name) and ("create", name).
Effect = tuple[str, ObjectRef]

_OBJ = pb.ObjectType
_AT = pb.AlterTableType
_RELATION_TYPES = {
    _OBJ.OBJECT_TABLE,
    _OBJ.OBJECT_VIEW,
    _OBJ.OBJECT_MATVIEW,
    _OBJ.OBJECT_INDEX,
    _OBJ.OBJECT_SEQUENCE,
    _OBJ.OBJECT_FOREIGN_TABLE,
}
_TABLE_MEMBERS = {_OBJ.OBJECT_TRIGGER: "trigger", _OBJ.OBJECT_POLICY: "policy"}
_SWAP_SUFFIX = re.compile(r"__sw_new$")  # a view built aside under a temporary name stands for the view


def _rv(rv: pb.RangeVar, schema: str) -> tuple[str, str]:
    return range_name(rv, schema)


def _drop_effects(stmt: pb.DropStmt, schema: str) -> Iterable[Effect]:
    for obj in stmt.objects:
        if stmt.remove_type in _RELATION_TYPES and obj.HasField("list"):
            yield "drop", ("relation", *qualified([i.string.sval for i in obj.list.items], schema))
        elif stmt.remove_type in (_OBJ.OBJECT_FUNCTION, _OBJ.OBJECT_PROCEDURE) and obj.HasField("object_with_args"):
            yield "drop", ("function", *qualified([i.string.sval for i in obj.object_with_args.objname], schema))
        elif stmt.remove_type in (_OBJ.OBJECT_TYPE, _OBJ.OBJECT_DOMAIN) and obj.HasField("type_name"):
            yield "drop", ("type", *qualified([i.string.sval for i in obj.type_name.names], schema))
        elif stmt.remove_type in _TABLE_MEMBERS and obj.HasField("list"):
            parts = [i.string.sval for i in obj.list.items]
            table = qualified(parts[:-1], schema)
            yield "drop", (_TABLE_MEMBERS[stmt.remove_type], *table, parts[-1])
    for name, args in functions.dropped_overloads(stmt, schema):
        yield "drop-overload", ("function", *name, args)


def _alter_table_effects(stmt: pb.AlterTableStmt, schema: str) -> Iterable[Effect]:
    if stmt.objtype != _OBJ.OBJECT_TABLE:
        return
    table = _rv(stmt.relation, schema)
    yield "on", ("relation", *table)
    for wrapped in stmt.cmds:
        cmd = wrapped.alter_table_cmd
        match cmd.subtype:
            case _AT.AT_AddColumn:
                yield "create", ("column", *table, getattr(cmd, "def").column_def.colname)
            case _AT.AT_DropColumn:
                yield "drop", ("column", *table, cmd.name)
            case _AT.AT_AlterColumnType | _AT.AT_SetExpression:
                yield "alter-type", ("column", *table, cmd.name)
            case _AT.AT_DropNotNull:
                yield "drop-not-null", ("column", *table, cmd.name)
            case _AT.AT_AddConstraint if getattr(cmd, "def").constraint.conname:
                name = getattr(cmd, "def").constraint.conname
                if _SWAP_SUFFIX.search(name):  # a changed constraint added beside: it depends on what the new one does
                    yield "create-aside", ("constraint", *table, _SWAP_SUFFIX.sub("", name))
                else:
                    yield "create", ("constraint", *table, name)
            case _AT.AT_DropConstraint:
                yield "drop", ("constraint", *table, cmd.name)


def _created(name: tuple[str, str]) -> Effect:
    if _SWAP_SUFFIX.search(name[1]):
        return "create-aside", ("relation", name[0], _SWAP_SUFFIX.sub("", name[1]))
    return "create", ("relation", *name)


def _statement_effects(node: pb.Node, schema: str) -> Iterable[Effect]:
    match node.WhichOneof("node"):
        case "drop_stmt":
            yield from _drop_effects(node.drop_stmt, schema)
        case "alter_table_stmt":
            yield from _alter_table_effects(node.alter_table_stmt, schema)
        case "create_stmt":
            yield "create", ("relation", *_rv(node.create_stmt.relation, schema))
        case "view_stmt":
            yield _created(_rv(node.view_stmt.view, schema))
        case "create_table_as_stmt":
            yield _created(_rv(node.create_table_as_stmt.into.rel, schema))
        case "index_stmt":
            yield "on", ("relation", *_rv(node.index_stmt.relation, schema))
            if node.index_stmt.idxname:
                yield _created((node.index_stmt.relation.schemaname or schema, node.index_stmt.idxname))
        case "rename_stmt" if node.rename_stmt.HasField("relation") and node.rename_stmt.rename_type in _RELATION_TYPES:
            s, old = _rv(node.rename_stmt.relation, schema)
            yield "create", ("relation", s, node.rename_stmt.newname)
            if _SWAP_SUFFIX.search(old):
                yield "swap-in", ("relation", s, node.rename_stmt.newname)
        case "create_seq_stmt":
            yield "create", ("relation", *_rv(node.create_seq_stmt.sequence, schema))
        case "create_function_stmt":
            parts = [i.string.sval for i in node.create_function_stmt.funcname]
            yield "create", ("function", *qualified(parts, schema))
            name, args = functions.created_overload(node.create_function_stmt, schema)
            yield "create-overload", ("function", *name, args)
        case "create_enum_stmt":
            yield "create", ("type", *qualified([i.string.sval for i in node.create_enum_stmt.type_name], schema))
        case "create_range_stmt":
            yield "create", ("type", *qualified([i.string.sval for i in node.create_range_stmt.type_name], schema))
        case "create_domain_stmt":
            yield "create", ("type", *qualified([i.string.sval for i in node.create_domain_stmt.domainname], schema))
        case "composite_type_stmt":
            yield "create", ("type", *_rv(node.composite_type_stmt.typevar, schema))
        case "create_trig_stmt":
            table = _rv(node.create_trig_stmt.relation, schema)
            yield "on", ("relation", *table)
            yield "create", ("trigger", *table, node.create_trig_stmt.trigname)
        case "create_policy_stmt":
            table = _rv(node.create_policy_stmt.table, schema)
            yield "on", ("relation", *table)
            yield "create", ("policy", *table, node.create_policy_stmt.policy_name)


def effects(step: Step, schema: str) -> set[Effect]:
    """What ``step`` creates, drops or retypes, read from its SQL."""
    texts = list(postgast.split(step.sql)) if ";" in step.sql.rstrip().rstrip(";") else [step.sql]
    found: set[Effect] = set()
    for text in texts:
        try:
            found.update(_statement_effects(parse_one(text), schema))
        except (postgast.PgQueryError, ValueError):  # no known effects: it stays where it was produced
            continue
    return found


class _Dependencies:
    """``Catalog.dependencies`` indexed: what each object (or one of its columns) depends on, where depending
    on a column counts as depending on its relation too."""

    def __init__(self, catalog: Catalog, *, creation: bool = False) -> None:
        self.catalog = catalog
        self.referenced: dict[ObjectRef, set[ObjectRef]] = defaultdict(set)
        self.dependents: dict[ObjectRef, set[ObjectRef]] = defaultdict(set)  # the inverse of ``referenced``
        self.named: set[ObjectRef] = set()
        self.sequences = frozenset(catalog.sequences)  # a tuple in the catalog: a set here, or this is quadratic
        for d, r in catalog.dependencies:
            if creation and r[0] == "column" and d[0] == "relation" and (d[1], d[2]) in self.sequences:
                continue  # OWNED BY is set once both exist: it orders no creation (the default needs the sequence)
            targets = {r, ("relation", r[1], r[2])} if r[0] == "column" else {r}
            for key in {d, ("relation", d[1], d[2])} if d[0] == "column" else {d}:
                self.referenced[key] |= targets
                for target in targets:
                    self.dependents[target].add(key)
            self.named |= {d, r}

    def depends(self, dependent: ObjectRef, referenced: ObjectRef) -> bool:
        """True when ``dependent`` (or one of its columns) depends on ``referenced`` (or one of its columns)."""
        return referenced in self.referenced.get(dependent, ())


def _table_of(ref: ObjectRef) -> ObjectRef:
    """The table a constraint, trigger, policy or column belongs to (dropping the table drops it: a foreign key
    goes with its table's ``DROP TABLE``, which must then come before the drop of the table it references)."""
    return ("relation", ref[1], ref[2]) if ref[0] in ("constraint", "trigger", "policy", "column") else ref


def _blocks(live: _Dependencies, verb: str, target: ObjectRef, dependent: ObjectRef) -> bool:
    """True when dropping ``dependent`` must come before ``verb`` on ``target`` (rule 1)."""
    if not live.depends(dependent, target):
        return False
    if verb == "drop":
        return True
    if verb == "drop-not-null":
        con = (
            live.catalog.constraints.get((dependent[1], dependent[2], dependent[3]))
            if dependent[0] == "constraint"
            else None
        )
        return con is not None and con.kind == "p"
    # alter-type: views and materialized views block a type change, and so does a constraint on the column that
    # another step drops (a foreign key to a key turned from integer to text cannot stand in between)
    return dependent[0] in ("relation", "constraint")


def _exists(index: _Dependencies, ref: ObjectRef) -> bool:
    """True when the object ``ref`` names is in the catalog."""
    catalog = index.catalog
    kind, schema, name = ref[0], ref[1], ref[2]
    match kind:
        case "relation":
            return any((schema, name) in c for c in (catalog.tables, catalog.views, catalog.indexes)) or (
                (schema, name) in index.sequences
            )
        case "column":
            table = catalog.tables.get((schema, name))
            return table is not None and ref[3] in table.columns
        case "constraint":
            return (schema, name, ref[3]) in catalog.constraints
        case "trigger":
            return (schema, name, ref[3]) in catalog.triggers
        case "policy":
            return (schema, name, ref[3]) in catalog.policies
        case "function":
            return any(sig.startswith(f"{schema}.{name}(") for sig in catalog.functions)
    return (schema, name) in catalog.enums or ref in index.named


def _predecessors(
    found: list[set[Effect]], live: _Dependencies, desired: _Dependencies
) -> dict[int, list[tuple[int, ObjectRef]]]:
    """For each step, the steps it must follow and the object because of which (rules 1-4)."""
    by_effect: dict[Effect, list[int]] = defaultdict(list)
    for j, effects_j in enumerate(found):
        for effect in effects_j:
            by_effect[effect].append(j)

    def steps(verb: str, ref: ObjectRef) -> list[int]:
        return by_effect.get((verb, ref), [])

    edges: dict[int, list[tuple[int, ObjectRef]]] = {i: [] for i in range(len(found))}
    for i, after in enumerate(found):
        candidates: list[tuple[int, ObjectRef]] = []
        for verb, target in after:
            if verb == "create-overload":  # rule 3 for functions: the same name and argument types
                candidates += [(j, target) for j in steps("drop-overload", target)]
            if verb == "swap-in":
                candidates += [(j, target) for j in steps("create-aside", target)]
            if verb == "on":  # rule 4: what is built on a table (index, trigger, policy, ALTER) follows its creation
                candidates += [(j, target) for j in steps("create", target)]
            if verb in ("drop", "alter-type", "drop-not-null"):
                candidates += [
                    (j, ref)
                    for ref in live.dependents.get(target, ())
                    if ref != target and _blocks(live, verb, target, ref)
                    for j in steps("drop", ref) + steps("drop", _table_of(ref))
                ]
            if verb in ("create", "create-aside"):
                if verb == "create" and target[0] != "function" and _exists(live, target):
                    # The live object goes first; an object the plan makes and then drops does not.
                    candidates += [(j, target) for j in steps("drop", target)]
                    index = live.catalog.indexes.get((target[1], target[2])) if target[0] == "relation" else None
                    if index is not None:  # a live index of that name goes with its table's drop
                        candidates += [(j, target) for j in steps("drop", ("relation", index.schema, index.table))]
                if verb == "create" and target[0] in ("relation", "type"):
                    # a table's row type and a type share their names: a type of the table's name goes first
                    other = ("type" if target[0] == "relation" else "relation", *target[1:])
                    candidates += [(j, other) for j in steps("drop", other)]
                candidates += [
                    (j, ref)
                    for ref in desired.referenced.get(target, ())
                    if ref != target
                    for made in ("create", "alter-type")
                    for j in steps(made, ref)
                ]
        seen: set[int] = set()
        for j, ref in candidates:
            if j != i and j not in seen:
                seen.add(j)
                edges[i].append((j, ref))
    return edges


def schedule(steps: list[Step], live: Catalog, desired: Catalog, schema: str) -> list[Step]:
    """``steps`` in run order: by phase, then by dependency, else as produced (see the module docstring)."""
    if len(steps) < 2:
        return list(steps)  # nothing to order; indexing 1000 tables' dependencies would take 0.3 s
    found = [effects(s, schema) for s in steps]
    edges = _without_cycles(_predecessors(found, _Dependencies(live), _Dependencies(desired, creation=True)))
    phase = {i: PHASE_ORDER.index(s.phase) for i, s in enumerate(steps)}
    moved: dict[int, tuple[int, ObjectRef]] = {}
    changed = True
    rounds = 0
    while changed and rounds <= len(steps):
        changed, rounds = False, rounds + 1
        for i, preds in edges.items():
            for j, ref in preds:
                if phase[j] > phase[i]:
                    phase[i] = phase[j]
                    moved[i] = (j, ref)
                    changed = True
    result = list(steps)
    for i, (j, ref) in moved.items():
        name = ".".join(ref[1:])
        result[i] = replace(
            steps[i],
            phase=PHASE_ORDER[phase[i]],
            reason=(
                f"{steps[i].reason}; runs in {PHASE_ORDER[phase[i]]}, after the {steps[j].kind} of {name} it depends on"
            ),
        )
    return _topological(result, edges, phase)


def _without_cycles(edges: dict[int, list[tuple[int, ObjectRef]]]) -> dict[int, list[tuple[int, ObjectRef]]]:
    """``edges`` without those inside a cycle (steps that must each follow the other keep their produced order,
    and no unrelated step overtakes them while they wait for each other)."""

    def reachable(start: int) -> set[int]:
        seen, todo = {start}, [start]
        while todo:
            for j, _ref in edges[todo.pop()]:
                if j not in seen:
                    seen.add(j)
                    todo.append(j)
        return seen

    ancestors = {i: reachable(i) for i in edges}
    return {i: [(j, ref) for j, ref in preds if i not in ancestors[j]] for i, preds in edges.items()}


def _topological(steps: list[Step], edges: dict[int, list[tuple[int, ObjectRef]]], phase: dict[int, int]) -> list[Step]:
    """Phase by phase; within a phase the earliest step whose predecessors have all run comes next."""
    order: list[Step] = []
    for p in range(len(PHASE_ORDER)):
        members = [i for i in range(len(steps)) if phase[i] == p]
        waiting = {i: {j for j, _ in edges[i] if phase[j] == p} for i in members}  # predecessors not yet run
        followers: dict[int, list[int]] = {i: [] for i in members}
        for i, before in waiting.items():
            for j in before:
                followers[j].append(i)
        ready = [i for i in members if not waiting[i]]
        heapq.heapify(ready)
        pending = set(members)
        while pending:
            # the earliest ready step (a heap, not a scan per step: thousands of steps); in a cycle, the earliest
            step = heapq.heappop(ready) if ready else min(pending)
            if step not in pending:
                continue  # taken out of a cycle before it became ready
            pending.discard(step)
            order.append(steps[step])
            for follower in followers[step]:
                waiting[follower].discard(step)
                if not waiting[follower] and follower in pending:
                    heapq.heappush(ready, follower)
    return order
