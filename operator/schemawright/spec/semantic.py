"""Semantic checks on a built model: what JSON Schema cannot say.

Names that must be unique (per PostgreSQL's own rules), references that must resolve, column
options that exclude each other, rename hints that must be unambiguous, and every SQL fragment
(:mod:`.fragments`). Each check returns Problems; :func:`check` returns them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from schemawright import guard
from schemawright.errors import Problem
from schemawright.inspect.limits import MAX_IDENTIFIER_BYTES
from schemawright.spec import fragments, matviews
from schemawright.spec.durations import parse_duration_ms
from schemawright.spec.fragments import short
from schemawright.spec.model import DesiredSchema, Enum, ForeignKey, Table
from schemawright.spec.validate import json_schema


def check(desired: DesiredSchema) -> list[Problem]:
    """Every semantic problem of ``desired``, in document order as far as practical."""
    problems: list[Problem] = []
    problems += _identifier_bytes(desired.document)
    problems += _schemas(desired)
    problems += _relation_names(desired)
    problems += _enums(desired)
    sql_tables = fragments.created_tables(desired.sql)
    for ti, table in enumerate(desired.tables):
        raw = desired.document["spec"]["tables"][ti]
        problems += _columns(table, raw)
        problems += _constraints(desired, table, sql_tables)
        problems += _indexes(table)
        problems += _partitions(table)
        problems += _row_security(table)
        problems += _fragments(table)
    problems += _renames([(t.schema, t.name, t.renamed_from, t.path) for t in desired.tables], "table", "schema")
    problems += _duplicates(((d.id, f"{d.path}.id") for d in desired.decisions), "decision id")
    problems += _duplicates(((a.name, f"{a.path}.name") for a in desired.access_patterns), "access pattern name")
    for pattern in desired.access_patterns:
        problems += fragments.check_query(pattern.query, f"{pattern.path}.query")
    problems += _policy(desired)
    problems += matviews.check_refresh(desired)
    return problems


def _duplicates(items: Iterable[tuple[str, str]], what: str, scope: str = "the document") -> list[Problem]:
    """A Problem for every ``(name, path)`` whose name appeared before."""
    seen: dict[str, str] = {}
    problems = []
    for name, path in items:
        if name in seen:
            problems.append(Problem(path, repr(name), f"a {what} unique in {scope} ({seen[name]} is {name!r} too)"))
        else:
            seen[name] = path
    return problems


def _walk(value: Any, schema: dict[str, Any], path: str) -> Iterator[tuple[str, str]]:
    """Every (path, string) of ``value`` whose schema is a 63-character identifier."""
    if isinstance(value, str) and schema.get("maxLength") == MAX_IDENTIFIER_BYTES:
        yield path, value
    elif isinstance(value, dict):
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                yield from _walk(value[key], sub, f"{path}.{key}" if path else key)
    elif isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            yield from _walk(item, schema["items"], f"{path}[{i}]")


def _identifier_bytes(document: dict[str, Any]) -> list[Problem]:
    """PostgreSQL limits names to 63 bytes (not characters) and forbids NUL."""
    problems = []
    for path, text in _walk(document, json_schema(), ""):
        size = len(text.encode())
        if size > MAX_IDENTIFIER_BYTES:
            problems.append(
                Problem(path, short(text), f"at most {MAX_IDENTIFIER_BYTES} bytes in UTF-8 (this is {size} bytes)")
            )
        if "\x00" in text:
            problems.append(Problem(path, short(text), "a name without NUL characters"))
    return problems


def _schemas(desired: DesiredSchema) -> list[Problem]:
    problems = _duplicates(
        ((s, f"spec.database.schemas[{i}]") for i, s in enumerate(desired.schemas)), "managed schema"
    )
    problems += _duplicates(((e, f"spec.extensions[{i}]") for i, e in enumerate(desired.extensions)), "extension")
    allowed_extensions = desired.overrides.allowed_extensions
    allowed = ", ".join(sorted(allowed_extensions))
    for i, extension in enumerate(desired.extensions):
        if extension not in allowed_extensions:
            flag = guard.override_flag(guard.EXTENSION_RULE, extension)
            problems.append(
                Problem(
                    f"spec.extensions[{i}]",
                    repr(extension),
                    f"an allowed extension: {allowed} (the platform may allow more: {flag})",
                )
            )
    managed = ", ".join(desired.schemas)
    objects: list[Table | Enum] = [*desired.tables, *desired.enums]
    for obj in objects:
        if obj.schema not in desired.schemas:
            problems.append(
                Problem(
                    f"{obj.path}.schema",
                    repr(obj.schema),
                    f"one of the managed schemas (spec.database.schemas): {managed}",
                )
            )
    return problems


def _relation_names(desired: DesiredSchema) -> list[Problem]:
    """Tables, partitions, indexes, primary keys and unique constraints share pg_class per schema."""
    problems = []
    seen: dict[tuple[str, str], str] = {}

    def claim(schema: str, name: str, path: str) -> None:
        if (schema, name) in seen:
            problems.append(
                Problem(
                    path,
                    repr(name),
                    (
                        f"a name not yet used in schema {schema!r} ({seen[schema, name]} is {name!r} too; "
                        "tables, partitions, indexes, primary keys and unique constraints share one "
                        "namespace per schema)"
                    ),
                )
            )
        else:
            seen[schema, name] = path

    for t in desired.tables:
        claim(t.schema, t.name, f"{t.path}.name")
    for t in desired.tables:
        for p in t.partitions:
            claim(t.schema, p.name, f"{p.path}.name")
        if t.primary_key:
            claim(t.schema, t.primary_key.name, f"{t.primary_key.path}.name")
        for u in t.uniques:
            claim(t.schema, u.name, f"{u.path}.name")
        for ix in t.indexes:
            claim(t.schema, ix.name, f"{ix.path}.name")
    return problems


def _enums(desired: DesiredSchema) -> list[Problem]:
    problems = _duplicates(((f"{e.schema}.{e.name}", f"{e.path}.name") for e in desired.enums), "enum type")
    row_types = {(t.schema, n): t.path for t in desired.tables for n in (t.name, *(p.name for p in t.partitions))}
    for e in desired.enums:
        problems += _duplicates(
            ((v, f"{e.path}.values[{i}]") for i, v in enumerate(e.values)), "label", f"enum {e.name!r}"
        )
        if (e.schema, e.name) in row_types:
            problems.append(
                Problem(
                    f"{e.path}.name",
                    repr(e.name),
                    (
                        f"a type name not used by a table ({row_types[e.schema, e.name]} has that name, "
                        "and every table has a row type of its name)"
                    ),
                )
            )
    return problems


def _known_columns(table: Table, names: Iterable[str], path: str, what: str = "column") -> list[Problem]:
    """A Problem for each name (at ``path[i]``) that is not a column of ``table`` or is repeated."""
    problems = []
    listed = ", ".join(table.column_names)
    seen: set[str] = set()
    for i, name in enumerate(names):
        if table.column(name) is None:
            problems.append(Problem(f"{path}[{i}]", repr(name), f"a {what} of table {table.qualified} ({listed})"))
        elif name in seen:
            problems.append(Problem(f"{path}[{i}]", repr(name), "each column once"))
        seen.add(name)
    return problems


def _columns(table: Table, raw: dict[str, Any]) -> list[Problem]:
    problems = _duplicates(
        ((c.name, f"{c.path}.name") for c in table.columns), "column name", f"table {table.qualified}"
    )
    for ci, c in enumerate(table.columns):
        if c.generated and c.default is not None:
            problems.append(
                Problem(
                    f"{c.path}.default",
                    short(c.default),
                    "no default on a generated column (its value is the generation expression)",
                )
            )
        if c.identity and c.default is not None:
            problems.append(
                Problem(
                    f"{c.path}.default",
                    short(c.default),
                    "no default on an identity column (its values come from its sequence)",
                )
            )
        if c.identity and c.generated:
            problems.append(
                Problem(f"{c.path}.identity", repr(c.identity), "no identity on a generated column (choose one)")
            )
        if c.identity and fragments.is_integer_type(c.type) is False:
            problems.append(
                Problem(
                    f"{c.path}.identity",
                    repr(c.identity),
                    f"an identity column of type smallint, integer or bigint (not {c.type!r})",
                )
            )
        if c.identity and raw["columns"][ci].get("nullable") is True:
            problems.append(Problem(f"{c.path}.nullable", "true", "false or nothing (identity columns are NOT NULL)"))
        if c.generated and c.backfill is not None:
            problems.append(
                Problem(
                    f"{c.path}.backfill",
                    short(c.backfill),
                    "no backfill on a generated column (its values are computed)",
                )
            )
    problems += _renames([(table.qualified, c.name, c.renamed_from, c.path) for c in table.columns], "column", "table")
    return problems


def _renames(items: list[tuple[str, str, str | None, str]], what: str, scope: str) -> list[Problem]:
    """Rename hints: not the own name, not another current name (no cycles), claimed once."""
    problems = []
    current = {(space, name): path for space, name, _, path in items}
    renamed = {(space, name): old for space, name, old, _ in items if old}
    claimed: dict[tuple[str, str], str] = {}
    for space, name, old, path in items:
        if old is None:
            continue
        at = f"{path}.renamedFrom"
        if old == name:
            problems.append(Problem(at, repr(old), f"the {what}'s previous name, which differs from its name"))
        elif (space, old) in current:
            other = current[space, old]
            if renamed.get((space, old)) == name:
                expected = (
                    f"a name no {what} has now: {other} is renamed from {name!r} "
                    f"while this {what} is renamed from {old!r} (a rename cycle)"
                )
            else:
                expected = (
                    f"a name no {what} in the {scope} has now ({other} is called {old!r}); rename one step at a time"
                )
            problems.append(Problem(at, repr(old), expected))
        elif (space, old) in claimed:
            problems.append(
                Problem(
                    at,
                    repr(old),
                    f"a previous name no other {what} claims ({claimed[space, old]} is renamed from it too)",
                )
            )
        else:
            claimed[space, old] = path
    return problems


def _constraints(
    desired: DesiredSchema,
    table: Table,
    sql_tables: set[tuple[str | None, str]] | None,
) -> list[Problem]:
    problems: list[Problem] = []
    names = [(c.name, f"{c.path}.name") for c in table.checks]
    names += [(u.name, f"{u.path}.name") for u in table.uniques]
    names += [(f.name, f"{f.path}.name") for f in table.foreign_keys]
    if table.primary_key:
        names.insert(0, (table.primary_key.name, f"{table.primary_key.path}.name"))
    problems += _duplicates(names, "constraint name", f"table {table.qualified}")
    keyed: list[tuple[str, tuple[str, ...]]] = []
    if table.primary_key:
        pk = table.primary_key
        problems += _known_columns(table, pk.columns, f"{pk.path}.columns")
        keyed.append((f"{pk.path}.columns", pk.columns))
    for u in table.uniques:
        problems += _known_columns(table, u.columns, f"{u.path}.columns")
        keyed.append((f"{u.path}.columns", u.columns))
    keyed += [(f"{ix.path}.unique", ix.columns) for ix in table.indexes if ix.unique]
    if table.partition_by:
        for path, columns in keyed:
            missing = [c for c in table.partition_by.columns if c not in columns]
            if missing:
                problems.append(
                    Problem(
                        path,
                        short(list(columns)),
                        (
                            f"the partition key columns too (missing {', '.join(missing)}): unique "
                            "constraints and indexes on a partitioned table must include them"
                        ),
                    )
                )
    for fk in table.foreign_keys:
        problems += _known_columns(table, fk.columns, f"{fk.path}.columns")
        problems += _foreign_key_target(desired, table, fk.path, fk, sql_tables)
    return problems


def _foreign_key_target(
    desired: DesiredSchema,
    table: Table,
    path: str,
    fk: ForeignKey,
    sql_tables: set[tuple[str | None, str]] | None,
) -> list[Problem]:
    target = desired.table(fk.ref_schema, fk.ref_table)
    ref_path = f"{path}.references"
    if target is None:
        if sql_tables is None or (fk.ref_schema, fk.ref_table) in sql_tables or (None, fk.ref_table) in sql_tables:
            return []  # defined by spec.sql (or spec.sql does not parse: the guard reports that)
        known = ", ".join(t.name for t in desired.tables if t.schema == fk.ref_schema) or "none"
        return [
            Problem(
                f"{ref_path}.table",
                repr(fk.ref_table),
                (
                    f"a table of schema {fk.ref_schema!r} in spec.tables or created by spec.sql "
                    f"(spec.tables has: {known})"
                ),
            )
        ]
    if not fk.ref_columns:
        return [
            Problem(
                f"{ref_path}.columns",
                "nothing",
                f"the referenced columns, because {target.qualified} has no primary key",
            )
        ]
    problems = _known_columns(target, fk.ref_columns, f"{ref_path}.columns", "column")
    if len(fk.ref_columns) != len(fk.columns):
        problems.append(
            Problem(
                f"{ref_path}.columns",
                f"{len(fk.ref_columns)} column(s)",
                f"as many columns as {path}.columns ({len(fk.columns)})",
            )
        )
    elif not problems:
        keys = [set(target.primary_key.columns)] if target.primary_key else []
        keys += [set(u.columns) for u in target.uniques]
        keys += [
            set(ix.columns)
            for ix in target.indexes
            if ix.unique and ix.where is None and len(ix.columns) == len(ix.elements)
        ]
        if set(fk.ref_columns) not in keys:
            problems.append(
                Problem(
                    f"{ref_path}.columns",
                    short(list(fk.ref_columns)),
                    (
                        f"the columns of the primary key or of a unique constraint of {target.qualified} "
                        "(PostgreSQL requires one)"
                    ),
                )
            )
    return problems


def _indexes(table: Table) -> list[Problem]:
    problems = []
    for ix in table.indexes:
        for el in ix.elements:
            if el.column is not None and table.column(el.column) is None:
                problems.append(
                    Problem(
                        f"{el.path}.name",
                        repr(el.column),
                        f"a column of table {table.qualified} ({', '.join(table.column_names)})",
                    )
                )
            for attr in ("order", "nulls"):
                if getattr(el, attr) is not None and ix.method != "btree":
                    problems.append(
                        Problem(
                            f"{el.path}.{attr}",
                            repr(getattr(el, attr)),
                            f"nothing: only btree indexes have {attr} (this one is {ix.method})",
                        )
                    )
        problems += _known_columns(table, ix.include, f"{ix.path}.include")
        if ix.include and ix.method not in ("btree", "gist", "spgist"):
            problems.append(
                Problem(
                    f"{ix.path}.include",
                    short(list(ix.include)),
                    f"nothing: {ix.method} indexes cannot INCLUDE columns (btree, gist and spgist can)",
                )
            )
        if ix.unique and ix.method != "btree":
            problems.append(
                Problem(
                    f"{ix.path}.unique",
                    "true",
                    f"false: only btree indexes can be unique (this one is {ix.method})",
                )
            )
        if ix.nulls_not_distinct and not ix.unique:
            problems.append(Problem(f"{ix.path}.nullsNotDistinct", "true", "false, or unique: true on the index"))
    return problems


def _partitions(table: Table) -> list[Problem]:
    problems = []
    if table.partition_by:
        problems += _known_columns(table, table.partition_by.columns, f"{table.partition_by.path}.columns")
    elif table.partitions:
        problems.append(
            Problem(
                f"{table.path}.partitions",
                "a list",
                "partitionBy on the table too (only a partitioned table has partitions)",
            )
        )
    defaults = [p for p in table.partitions if p.is_default]
    for extra in defaults[1:]:
        problems.append(
            Problem(
                f"{extra.path}.bound",
                "'DEFAULT'",
                f"one DEFAULT partition at most ({defaults[0].path} is one)",
            )
        )
    strategy = table.partition_by.strategy if table.partition_by else None
    for p in table.partitions:
        problems += fragments.check_bound(p.bound, f"{p.path}.bound", strategy)
    return problems


def _row_security(table: Table) -> list[Problem]:
    rls = table.row_security
    if rls is None:
        return []
    problems = _duplicates(
        ((p.name, f"{p.path}.name") for p in rls.policies), "policy name", f"table {table.qualified}"
    )
    for p in rls.policies:
        if p.command == "insert" and p.using is not None:
            problems.append(Problem(f"{p.path}.using", short(p.using), "nothing: an insert policy has only withCheck"))
        if p.command in ("select", "delete") and p.with_check is not None:
            problems.append(
                Problem(
                    f"{p.path}.withCheck",
                    short(p.with_check),
                    f"nothing: a {p.command} policy has only using",
                )
            )
    return problems


def _fragments(table: Table) -> list[Problem]:
    """Every SQL fragment of ``table``: one type, or one expression that the SQL guard allows."""
    problems = []
    for c in table.columns:
        problems += fragments.check_type(c.type, f"{c.path}.type")
        if c.default is not None:
            problems += fragments.check_expression(c.default, f"{c.path}.default")
        if c.backfill is not None:
            problems += fragments.check_expression(c.backfill, f"{c.path}.backfill")
        if c.generated is not None:
            problems += fragments.check_expression(c.generated.expression, f"{c.path}.generated.expression")
    for ck in table.checks:
        problems += fragments.check_expression(ck.expression, f"{ck.path}.expression")
    for ix in table.indexes:
        for el in ix.elements:
            if el.expression is not None:
                problems += fragments.check_expression(el.expression, f"{el.path}.expression")
        if ix.where is not None:
            problems += fragments.check_expression(ix.where, f"{ix.path}.where")
    for p in table.row_security.policies if table.row_security else ():
        if p.using is not None:
            problems += fragments.check_expression(p.using, f"{p.path}.using")
        if p.with_check is not None:
            problems += fragments.check_expression(p.with_check, f"{p.path}.withCheck")
    return problems


def _policy(desired: DesiredSchema) -> list[Problem]:
    raw = (desired.document.get("spec") or {}).get("policy") or {}
    text = raw.get("driftCheckInterval")
    if text is not None and parse_duration_ms(text) % 1000:
        return [Problem("spec.policy.driftCheckInterval", repr(text), "a whole number of seconds such as 30s or 5m")]
    return []
