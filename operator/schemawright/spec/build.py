"""Build the model from a document that has passed JSON Schema validation.

Building never fails on a schema-valid document: semantic problems (unknown columns, duplicate
names …) are found afterwards by :mod:`.semantic`, on the model. Defaults the JSON Schema states
are applied here; unnamed constraints get PostgreSQL's default names (:mod:`.naming`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from schemawright.spec import fragments
from schemawright.spec.durations import parse_duration_ms
from schemawright.spec.model import (
    AccessPattern,
    Check,
    Column,
    Database,
    Decision,
    DesiredSchema,
    Enum,
    ForeignKey,
    Generated,
    Index,
    IndexElement,
    Partition,
    PartitionBy,
    Policy,
    PrimaryKey,
    RefreshSchedule,
    RowSecurity,
    RowSecurityPolicy,
    Table,
    Unique,
)
from schemawright.spec.naming import choose_name, column_addition

Doc = dict[str, Any]


def build(doc: Doc, source: str) -> DesiredSchema:
    """The :class:`DesiredSchema` for a schema-valid ``doc``."""
    spec: Doc = doc.get("spec") or {}
    database: Doc = spec.get("database") or {}
    schemas = tuple(database.get("schemas") or ["public"])
    default_schema = schemas[0]
    taken = _explicit_names(spec, default_schema)
    tables = tuple(
        _table(t, f"spec.tables[{i}]", default_schema, taken) for i, t in enumerate(spec.get("tables") or [])
    )
    tables = _resolve_foreign_keys(spec, tables, taken)
    secret: Doc = database.get("connectionSecretRef") or {}
    return DesiredSchema(
        name=doc["metadata"]["name"],
        source=source,
        document=doc,
        schemas=schemas,
        extensions=tuple(spec.get("extensions") or ()),
        enums=tuple(
            Enum(
                schema=e.get("schema", default_schema),
                name=e["name"],
                values=tuple(e["values"]),
                path=f"spec.enums[{i}]",
            )
            for i, e in enumerate(spec.get("enums") or [])
        ),
        tables=tables,
        sql=spec.get("sql") or "",
        policy=_policy(spec.get("policy") or {}),
        decisions=tuple(_decision(d, f"spec.decisions[{i}]") for i, d in enumerate(spec.get("decisions") or [])),
        access_patterns=tuple(
            AccessPattern(
                name=a["name"],
                query=a["query"],
                path=f"spec.accessPatterns[{i}]",
                frequency=a.get("frequency", "medium"),
            )
            for i, a in enumerate(spec.get("accessPatterns") or [])
        ),
        refresh=tuple(
            _refresh(r, f"spec.refresh[{i}]", default_schema) for i, r in enumerate(spec.get("refresh") or [])
        ),
        database=Database(
            url_from_env=database.get("urlFromEnv"),
            secret_name=secret.get("name"),
            secret_key=secret.get("key", "url"),
        ),
    )


def _explicit_names(spec: Doc, default_schema: str) -> dict[str, set[str]]:
    """Per schema, every relation and constraint name the document gives explicitly."""
    taken: dict[str, set[str]] = {}
    for t in spec.get("tables") or []:
        names = taken.setdefault(t.get("schema", default_schema), set())
        names.add(t["name"])
        names.update(p["name"] for p in t.get("partitions") or [])
        names.update(ix["name"] for ix in t.get("indexes") or [])
        for kind in ("uniques", "checks", "foreignKeys"):
            names.update(c["name"] for c in t.get(kind) or [] if "name" in c)
        if "name" in (t.get("primaryKey") or {}):
            names.add(t["primaryKey"]["name"])
    return taken


def _column(c: Doc, path: str) -> Column:
    gen: Doc | None = c.get("generated")
    return Column(
        name=c["name"],
        type=c["type"],
        path=path,
        nullable=c.get("nullable", True),
        default=c.get("default"),
        identity=c.get("identity"),
        generated=Generated(gen["expression"], gen.get("stored", False)) if gen else None,
        comment=c.get("comment"),
        renamed_from=c.get("renamedFrom"),
        backfill=c.get("backfill"),
    )


def _table(t: Doc, path: str, default_schema: str, taken: dict[str, set[str]]) -> Table:
    schema: str = t.get("schema", default_schema)
    name: str = t["name"]
    used = taken.setdefault(schema, set())
    checks = []
    for i, c in enumerate(t.get("checks") or []):
        if "name" in c:
            cname = c["name"]
        else:
            refs = fragments.referenced_columns(c["expression"])
            cname = choose_name(name, refs[0] if len(refs) == 1 else None, "check", used)
        checks.append(Check(cname, c["expression"], f"{path}.checks[{i}]", c.get("enforced", True)))
    pk = None
    if "primaryKey" in t:
        p: Doc = t["primaryKey"]
        pk = PrimaryKey(
            p.get("name") or choose_name(name, None, "pkey", used), tuple(p["columns"]), f"{path}.primaryKey"
        )
    uniques = tuple(
        Unique(
            u.get("name") or choose_name(name, column_addition(u["columns"]), "key", used),
            tuple(u["columns"]),
            f"{path}.uniques[{i}]",
            u.get("nullsNotDistinct", False),
        )
        for i, u in enumerate(t.get("uniques") or [])
    )
    pb: Doc | None = t.get("partitionBy")
    rls: Doc | None = t.get("rowLevelSecurity")
    return Table(
        schema=schema,
        name=name,
        path=path,
        columns=tuple(_column(c, f"{path}.columns[{i}]") for i, c in enumerate(t["columns"])),
        primary_key=pk,
        foreign_keys=(),  # resolved once every table is known
        uniques=uniques,
        checks=tuple(checks),
        indexes=tuple(_index(ix, f"{path}.indexes[{i}]") for i, ix in enumerate(t.get("indexes") or [])),
        partition_by=PartitionBy(pb["strategy"], tuple(pb["columns"]), f"{path}.partitionBy") if pb else None,
        partitions=tuple(
            Partition(p["name"], p["bound"], f"{path}.partitions[{i}]") for i, p in enumerate(t.get("partitions") or [])
        ),
        row_security=_row_security(rls, f"{path}.rowLevelSecurity") if rls is not None else None,
        comment=t.get("comment"),
        renamed_from=t.get("renamedFrom"),
    )


def _index(ix: Doc, path: str) -> Index:
    elements = tuple(
        IndexElement(
            path=f"{path}.columns[{i}]",
            column=e.get("name"),
            expression=e.get("expression"),
            order=e.get("order"),
            nulls=e.get("nulls"),
            opclass=e.get("opclass"),
        )
        for i, e in enumerate(ix["columns"])
    )
    return Index(
        name=ix["name"],
        elements=elements,
        path=path,
        method=ix.get("method", "btree"),
        unique=ix.get("unique", False),
        nulls_not_distinct=ix.get("nullsNotDistinct", False),
        include=tuple(ix.get("include") or ()),
        where=ix.get("where"),
    )


def _row_security(rls: Doc, path: str) -> RowSecurity:
    return RowSecurity(
        path=path,
        enabled=rls.get("enabled", False),
        force=rls.get("force", False),
        policies=tuple(
            RowSecurityPolicy(
                name=p["name"],
                path=f"{path}.policies[{i}]",
                command=p.get("command", "all"),
                permissive=p.get("permissive", True),
                roles=tuple(p.get("roles") or ("public",)),
                using=p.get("using"),
                with_check=p.get("withCheck"),
            )
            for i, p in enumerate(rls.get("policies") or [])
        ),
    )


def _resolve_foreign_keys(spec: Doc, tables: tuple[Table, ...], taken: dict[str, set[str]]) -> tuple[Table, ...]:
    """Attach foreign keys: default names, default referenced schema and referenced primary key."""
    by_key = {t.key: t for t in tables}
    out = []
    for i, (doc_t, table) in enumerate(zip(spec.get("tables") or [], tables, strict=True)):
        used = taken.setdefault(table.schema, set())
        fks = []
        for j, fk in enumerate(doc_t.get("foreignKeys") or []):
            ref: Doc = fk["references"]
            ref_schema = ref.get("schema", table.schema)
            ref_columns = tuple(ref.get("columns") or ())
            target = by_key.get((ref_schema, ref["table"]))
            if not ref_columns and target is not None and target.primary_key is not None:
                ref_columns = target.primary_key.columns
            fks.append(
                ForeignKey(
                    name=fk.get("name") or choose_name(table.name, column_addition(fk["columns"]), "fkey", used),
                    columns=tuple(fk["columns"]),
                    ref_schema=ref_schema,
                    ref_table=ref["table"],
                    ref_columns=ref_columns,
                    path=f"spec.tables[{i}].foreignKeys[{j}]",
                    on_delete=fk.get("onDelete", "noAction"),
                    on_update=fk.get("onUpdate", "noAction"),
                    enforced=fk.get("enforced", True),
                )
            )
        out.append(replace(table, foreign_keys=tuple(fks)))
    return tuple(out)


def _policy(p: Doc) -> Policy:
    return Policy(
        allow_destructive=p.get("allowDestructive", False),
        lock_timeout_ms=parse_duration_ms(p.get("lockTimeout", "2s")),
        statement_timeout_ms=parse_duration_ms(p.get("statementTimeout", "0s")),
        long_statement_timeout_ms=parse_duration_ms(p.get("longStatementTimeout", "0s")),
        lock_retry_timeout_ms=parse_duration_ms(p.get("lockRetryTimeout", "1m")),
        backfill_batch_size=p.get("backfillBatchSize", 1000),
        backfill_pause_ms=parse_duration_ms(p.get("backfillPause", "0s")),
        mode=p.get("mode", "Apply"),
        drift_check_interval_s=parse_duration_ms(p.get("driftCheckInterval", "5m")) // 1000,
        on_delete=p.get("onDelete", "Orphan"),
        keep_undeclared_extensions=p.get("keepUndeclaredExtensions", False),
    )


def _decision(d: Doc, path: str) -> Decision:
    return Decision(
        id=d["id"],
        title=d["title"],
        path=path,
        status=d.get("status", "accepted"),
        date=d.get("date"),
        context=d.get("context", ""),
        decision=d.get("decision", ""),
        consequences=d.get("consequences", ""),
        rules=tuple(d.get("rules") or ()),
        objects=tuple(d.get("objects") or ()),
    )


def _refresh(r: Doc, path: str, default_schema: str) -> RefreshSchedule:
    schema, dot, view = str(r["view"]).rpartition(".")
    return RefreshSchedule(
        schema=schema if dot else default_schema,
        view=view,
        every_ms=parse_duration_ms(r["every"]),
        path=path,
        concurrently=r.get("concurrently", True),
        timeout_ms=parse_duration_ms(r.get("timeout", "10m")),
    )
