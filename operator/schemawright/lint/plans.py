"""Reading EXPLAIN (FORMAT JSON) plans of access patterns: which scans no index serves, which indexes were
used, and the index that would serve a scan (equality columns, then sort columns, then range columns).

Pure: the plans come from :mod:`schemawright.lint.patterns`, which runs EXPLAIN in the shadow database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from schemawright.inspect.catalog import Table
from schemawright.lint.query import ColumnUse, expression_uses, sort_uses
from schemawright.plan.names import bounded, ident
from schemawright.spec.model import AccessPattern

PlanNode = dict[str, Any]
_INDEX_NODES = {"Index Scan", "Index Only Scan", "Bitmap Index Scan"}
_JOIN_KEYS = ("Hash Cond", "Merge Cond", "Join Filter")


@dataclass(frozen=True)
class Scan:
    """A scan of a table that no index serves: a sequential scan, or a full index scan that filters rows."""

    schema: str
    table: str
    alias: str
    node: str  # "Seq Scan", "Index Scan", …
    filter: str | None
    uses: tuple[ColumnUse, ...]  # what the query does with this table's columns (filter, joins, sort)

    @property
    def qualified(self) -> str:
        """``schema.table``."""
        return f"{self.schema}.{self.table}"


@dataclass(frozen=True)
class PatternResult:
    """An access pattern as EXPLAIN (GENERIC_PLAN) saw it in the shadow database, sequential scans off."""

    pattern: AccessPattern
    explain: str = ""  # EXPLAIN output as text, for people
    error: str | None = None  # PostgreSQL's message when the query could not be planned
    unserved: tuple[Scan, ...] = ()
    used: frozenset[tuple[str, str]] = frozenset()  # (schema, index) of the first plan
    servable: frozenset[tuple[str, str]] = frozenset()  # indexes any plan of the pattern could use


def walk(node: PlanNode, ancestors: tuple[PlanNode, ...] = ()) -> Iterator[tuple[PlanNode, tuple[PlanNode, ...]]]:
    """Every plan node with its ancestors (nearest last)."""
    yield node, ancestors
    for child in node.get("Plans", []):
        yield from walk(child, (*ancestors, node))


def used_indexes(root: PlanNode) -> set[tuple[str, str]]:
    """``(schema, index)`` of every index scanned anywhere in the plan (VERBOSE plans name the schema)."""
    found: set[tuple[str, str]] = set()
    for node, ancestors in walk(root):
        if node.get("Node Type") in _INDEX_NODES and node.get("Index Name"):
            schema = node.get("Schema") or next((a["Schema"] for a in reversed(ancestors) if a.get("Schema")), "")
            found.add((str(schema), str(node["Index Name"])))
    return found


def unserved_scans(root: PlanNode) -> list[Scan]:
    """Sequential scans, and full index scans (no ``Index Cond``) that filter rows: reads no index narrows."""
    scans: list[Scan] = []
    for node, ancestors in walk(root):
        kind = str(node.get("Node Type", ""))
        full_index_scan = kind in {"Index Scan", "Index Only Scan"} and "Index Cond" not in node and "Filter" in node
        if not (kind in {"Seq Scan", "Parallel Seq Scan"} or full_index_scan) or "Relation Name" not in node:
            continue
        alias = str(node.get("Alias") or node["Relation Name"])
        uses = [u for u in expression_uses(node["Filter"]) if u.qualifier in (None, alias)] if "Filter" in node else []
        for ancestor in reversed(ancestors):
            for key in _JOIN_KEYS:
                if key in ancestor:
                    uses += [u for u in expression_uses(ancestor[key]) if u.qualifier == alias]
            if "Sort Key" in ancestor:
                uses += [u for u in sort_uses(ancestor["Sort Key"]) if u.qualifier == alias]
        scans.append(
            Scan(
                schema=str(node.get("Schema", "")),
                table=str(node["Relation Name"]),
                alias=alias,
                node=kind,
                filter=node.get("Filter"),
                uses=tuple(uses),
            )
        )
    return scans


@dataclass(frozen=True)
class Suggestion:
    """An index that would serve a scan: SQL to create it and the document entry that declares it."""

    name: str
    sql: str
    yaml: str


def suggest_index(scan: Scan, table: Table | None) -> Suggestion | None:
    """The index for ``scan``: GIN for JSON containment or pattern matching, else a b-tree over the equality
    columns, then the sort columns, then one range column; partial when the query asks ``x IS NULL``."""
    columns = table.columns if table else {}

    def known(use: ColumnUse) -> bool:
        return not columns or use.column in columns

    uses = [u for u in scan.uses if known(u)]
    where = next((u.column for u in uses if u.use == "null"), None)
    gin = next((u for u in uses if u.use in {"contains", "exists", "like"}), None)
    if gin is not None:
        column_type = columns[gin.column].type if gin.column in columns else ""
        if gin.use == "like":
            opclass = "gin_trgm_ops"
        else:
            opclass = "jsonb_path_ops" if gin.use == "contains" and column_type == "jsonb" else ""
        return _suggestion(scan, [(gin.column, False)], method="gin", opclass=opclass, where=where)
    keys: list[tuple[str, bool]] = []
    for kind in ("eq", "sort", "range"):
        for use in uses:
            if use.use == kind and use.column not in [k for k, _ in keys]:
                keys.append((use.column, use.descending))
                if kind == "range":
                    break  # a b-tree serves one range column, and only as the last key
    if not keys:
        return None
    return _suggestion(scan, keys, method="btree", opclass="", where=where)


def _suggestion(
    scan: Scan, keys: list[tuple[str, bool]], *, method: str, opclass: str, where: str | None
) -> Suggestion:
    name = bounded(f"{scan.table}_{'_'.join(k for k, _ in keys)}_idx")
    key_sql = ", ".join(ident(k) + (f" {opclass}" if opclass else "") + (" DESC" if desc else "") for k, desc in keys)
    using = f" USING {method}" if method != "btree" else ""
    predicate = f" WHERE {ident(where)} IS NULL" if where and where not in [k for k, _ in keys] else ""
    sql = f"CREATE INDEX CONCURRENTLY {ident(name)} ON {ident(scan.schema, scan.table)}{using} ({key_sql}){predicate};"
    entries = []
    for key, desc in keys:
        parts = [f"name: {key}"] + ([f"opclass: {opclass}"] if opclass else []) + (["order: desc"] if desc else [])
        entries.append("{" + ", ".join(parts) + "}")
    yaml = f"- {{name: {name}, columns: [{', '.join(entries)}]"
    yaml += (f", method: {method}" if method != "btree" else "") + (f", where: {where} IS NULL" if predicate else "")
    return Suggestion(name=name, sql=sql, yaml=yaml + "}")
