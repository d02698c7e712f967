"""``schemawright init``: the ``DatabaseSchema`` document that describes a live database as it is.

Tables, columns, keys, indexes, checks, enums and row-level security go to YAML where the format can say
them (:mod:`.catalog` decides, table by table); everything else — views, functions, triggers, sequences,
partitions, domains, tables YAML cannot say completely — goes to ``spec.sql`` as ``pg_dump --schema-only``
prints it, minus the entries the YAML already holds. ``--format sql`` writes the pg_dump-like script alone.
Either way, planning the document against the database it came from plans no step.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import yaml

from schemawright.adopt import catalog
from schemawright.adopt.dump import dump_schema, without_psql_commands
from schemawright.connect.db import connect
from schemawright.errors import Problem, SpecError
from schemawright.spec.load import API_VERSION, KIND
from schemawright.spec.validate import json_schema

Format = Literal["yaml", "sql"]

# schemawright's own journal lives in the target database; it is never part of an adopted schema.
_OWN_SCHEMAS = ("schemawright",)
_SCHEMAS = """
SELECT n.nspname FROM pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' AND n.nspname <> ALL(%s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid
                  AND d.deptype = 'e')
ORDER BY n.nspname = 'public' DESC, n.nspname
"""
_TOC = re.compile(
    r"^--\n-- Name: (?P<name>.*?); Type: (?P<type>[A-Z ]+); Schema: (?P<schema>[^;]*); "
    r"Owner: [^\n]*\n--\n",
    re.MULTILINE,
)


def user_schemas(url: str) -> tuple[str, ...]:
    """The schemas of the database that hold user objects (``public`` first)."""
    with connect(url) as conn:
        return tuple(str(r[0]) for r in conn.execute(_SCHEMAS, (list(_OWN_SCHEMAS),)))


@dataclass(frozen=True)
class Entry:
    """One entry of pg_dump's table of contents, with the SQL under its header."""

    name: str
    type: str
    schema: str
    text: str


def dump_entries(dump: str) -> tuple[str, list[Entry]]:
    """pg_dump output split at its ``-- Name: …; Type: …`` headers: the preamble and the entries."""
    matches = list(_TOC.finditer(dump))
    if not matches:
        return dump, []
    entries = []
    for n, m in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(dump)
        entries.append(Entry(m["name"], m["type"], m["schema"], dump[m.start() : end]))
    return dump[: matches[0].start()], entries


def _sql_document(dump: str) -> str:
    return without_psql_commands(dump).strip() + "\n"


def document(url: str, schemas: Sequence[str] | None = None, *, fmt: Format = "yaml", name: str = "adopted") -> str:
    """The document for the database at ``url`` (its ``schemas``, default every user schema)."""
    # public first: YAML's default schema, and where CREATE EXTENSION without a schema puts an extension
    managed = tuple(sorted(schemas, key=lambda s: s != "public")) if schemas else user_schemas(url)
    with connect(url) as conn:
        adopted = catalog.read(conn, managed)
    in_managed = [e for e, s in adopted.extensions if s in managed]
    if fmt == "sql":
        return _sql_document(dump_schema(url, managed, extensions=in_managed))
    declared = _declared_extensions(adopted, managed)
    dump = dump_schema(url, managed, extensions=[e for e in in_managed if e not in declared])
    return _yaml_document(adopted, dump, managed, name)


def _declared_extensions(adopted: catalog.Adopted, schemas: tuple[str, ...]) -> list[str]:
    """Extensions the YAML declares: created before its tables (which may use their types), so only those in
    the first schema, where ``CREATE EXTENSION`` without a schema puts them."""
    return [e for e, s in adopted.extensions if s == schemas[0]]


def _yaml_document(adopted: catalog.Adopted, dump: str, schemas: tuple[str, ...], name: str) -> str:
    in_yaml = [t for t in adopted.tables if t.in_yaml]
    extensions = _declared_extensions(adopted, schemas)
    spec: dict[str, Any] = {"database": {"schemas": list(schemas)}}
    if extensions:
        spec["extensions"] = extensions
    if adopted.enums:
        spec["enums"] = [_without_default_schema(e, schemas[0]) for e in adopted.enums]
    if in_yaml:
        spec["tables"] = [_without_default_schema(t.document, schemas[0]) for t in in_yaml]
    rest = _leftover_sql(dump, in_yaml, adopted.enums, extensions)
    if len(rest) > (limit := sql_limit()):
        # A document over it would be refused by its own load (one Kubernetes object holds about 1.5 MiB).
        raise SpecError(
            "--format yaml",
            [
                Problem(
                    "--format yaml",
                    f"{len(rest):,} characters of SQL that YAML cannot say (views, functions, triggers, tables)",
                    f"at most {limit:,} in spec.sql: write --format sql (a .sql document has no such limit), or "
                    "keep the SQL in ConfigMaps named by spec.sqlFrom",
                )
            ],
        )
    if rest.strip():
        spec["sql"] = rest
    doc = {"apiVersion": API_VERSION, "kind": KIND, "metadata": {"name": dns_name(name)}, "spec": spec}
    sql_tables = [t for t in adopted.tables if not t.in_yaml]
    header = (
        f"# written by `schemawright init`: {len(in_yaml)} table(s) in YAML, {len(sql_tables)} in spec.sql "
        "(pg_dump --schema-only)\n"
    )
    for table in sql_tables[:50]:
        header += f"#   {table.schema}.{table.name} stays in spec.sql: {table.sql_reasons[0]}\n"
    if len(sql_tables) > 50:
        header += f"#   … and {len(sql_tables) - 50} more\n"
    return header + yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


def sql_limit() -> int:
    """The most characters spec.sql may hold (the JSON Schema's maxLength)."""
    limit: int = json_schema()["properties"]["spec"]["properties"]["sql"]["maxLength"]
    return limit


def dns_name(name: str) -> str:
    """``name`` as metadata.name must be: a lowercase DNS name (``shop_db`` → ``shop-db``)."""
    cleaned = re.sub(r"[^a-z0-9.-]+", "-", name.lower()).strip("-.")[:253]
    return cleaned or "adopted"


def _without_default_schema(obj: dict[str, Any], default: str) -> dict[str, Any]:
    out = dict(obj)
    own = out.get("schema", default)
    if own == default:
        out.pop("schema", None)
    for fk in out.get("foreignKeys", []):
        if fk["references"].get("schema") == own:  # a reference's schema defaults to the table's own
            del fk["references"]["schema"]
    return out


def _leftover_sql(
    dump: str, tables: list[catalog.AdoptedTable], enums: list[dict[str, Any]], extensions: list[str]
) -> str:
    """pg_dump's script without what the YAML says (pg_dump's preamble and every other entry kept)."""
    preamble, entries = dump_entries(without_psql_commands(dump))
    said: set[tuple[str, str, str]] = set()
    owned_prefixes: dict[str, set[str]] = {}
    for t in tables:
        said.add(("TABLE", t.schema, t.name))
        said.add(("ROW SECURITY", t.schema, t.name))
        said.add(("COMMENT", t.schema, f"TABLE {t.name}"))
        said |= {("INDEX", t.schema, i) for i in t.indexes}
        said |= {("SEQUENCE", t.schema, s) for s in t.identity_sequences + t.serial_sequences}
        said |= {("SEQUENCE OWNED BY", t.schema, s) for s in t.serial_sequences}
        owned_prefixes.setdefault(t.schema, set()).add(t.name)
    said |= {("TYPE", e["schema"], e["name"]) for e in enums}
    said |= {("EXTENSION", "-", e) for e in extensions} | {("COMMENT", "-", f"EXTENSION {e}") for e in extensions}

    def is_said(entry: Entry) -> bool:
        if (entry.type, entry.schema, entry.name) in said:
            return True
        owners = owned_prefixes.get(entry.schema, set())
        if entry.type in ("CONSTRAINT", "FK CONSTRAINT", "POLICY", "DEFAULT"):
            return entry.name.rsplit(" ", 1)[0] in owners if " " in entry.name else False
        if entry.type == "COMMENT" and entry.name.startswith("COLUMN "):
            return entry.name[len("COLUMN ") :].rsplit(".", 1)[0] in owners
        return False

    kept = [e.text for e in entries if not is_said(e)]
    return (preamble + "".join(kept)).strip() + "\n"


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (spec.sql, long expressions) as literal blocks."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
