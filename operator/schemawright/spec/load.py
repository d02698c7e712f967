"""Load a desired-state document from a file (YAML or plain SQL) or from a parsed mapping.

Whatever is wrong — a missing file, YAML syntax, several documents, an invalid document — ends in
one :class:`SpecError` (exit code 2) listing every problem, never in a traceback.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from schemawright.errors import Problem, SpecError
from schemawright.guard import Overrides, declared_schemas
from schemawright.spec import semantic
from schemawright.spec.build import build
from schemawright.spec.model import DesiredSchema
from schemawright.spec.validate import validate

API_VERSION = "schemawright.io/v1alpha1"
KIND = "DatabaseSchema"
YAML_SUFFIXES = (".yaml", ".yml")
SQL_SUFFIXES = (".sql",)
# A file is not bound by the Kubernetes API server's object size (a resource in a cluster is); real pg_dump
# output passes 1 MB. Larger files are refused before they are read.
MAX_FILE_BYTES = 32 * 1024 * 1024
# A DatabaseSchema is a few levels deep; deeper nesting or aliases that expand into millions of values (a
# "billion laughs") are refused before anything is built from them (a validator would walk every copy).
MAX_DEPTH = 64
MAX_VALUES = 2_000_000


# libyaml's parser when PyYAML was built with it: ~20x faster than the pure-Python one on large documents.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[misc, valid-type, unused-ignore]  # (Any without types-PyYAML)
    """SafeLoader that rejects duplicate keys and keeps dates as strings (2026-01-01 stays text)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mapping(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.get(key)
        except TypeError:  # unhashable key: JSON Schema reports it
            continue
        if first is not None:
            raise ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {first + 1})", key_node.start_mark
            )
        seen[key] = key_node.start_mark.line
    mapping: dict[Any, Any] = loader.construct_mapping(node, deep=True)
    return mapping


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)


def _check_shape(text: str, source: str) -> None:
    """SpecError when ``text`` nests deeper than MAX_DEPTH or its aliases expand past MAX_VALUES values.

    Reads the event stream (libyaml's when available: fast, and not recursive), counting every value the
    aliases would repeat. A syntax error is left to the loader, whose message names the line.
    """
    loader = (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)(text)
    starts: list[tuple[str | None, int]] = []  # open collections: (anchor, values counted before it)
    sizes: dict[str, int] = {}
    values = 0
    try:
        while (event := loader.get_event()) is not None and not isinstance(event, yaml.StreamEndEvent):
            if isinstance(event, yaml.CollectionStartEvent):
                starts.append((event.anchor, values))
                if len(starts) > MAX_DEPTH:
                    where = f"line {event.start_mark.line + 1}" if event.start_mark else "(document)"
                    raise SpecError(
                        source,
                        [
                            Problem(
                                where, f"values nested more than {MAX_DEPTH} levels deep", "a DatabaseSchema document"
                            )
                        ],
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, before = starts.pop()
                if anchor:
                    sizes[anchor] = values - before
            elif isinstance(event, yaml.AliasEvent):
                values += sizes.get(event.anchor or "", 1)
            if isinstance(event, yaml.NodeEvent) and not isinstance(event, yaml.AliasEvent):
                values += 1
                if isinstance(event, yaml.ScalarEvent) and event.anchor:
                    sizes[event.anchor] = 1
            if values > MAX_VALUES:
                raise SpecError(
                    source,
                    [
                        Problem(
                            "(document)",
                            f"more than {MAX_VALUES} values once its YAML aliases are expanded",
                            "a document without alias bombs",
                        )
                    ],
                )
    except yaml.YAMLError as exc:
        if "nesting depth" not in str(getattr(exc, "problem", "")):  # libyaml's own limit: too deep for us too
            return
        raise SpecError(
            source,
            [Problem("(document)", f"values nested more than {MAX_DEPTH} levels deep", "a DatabaseSchema document")],
        ) from None
    finally:
        loader.dispose()


def parse_yaml(text: str, source: str) -> Any:
    """The single YAML document in ``text``; SpecError for syntax errors, no document or several, nesting
    deeper than MAX_DEPTH or aliases expanding past MAX_VALUES values."""
    _check_shape(text, source)
    loader = _Loader(text)
    documents: list[tuple[int, Any]] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:  # pragma: no cover - check_node() said there is one
                break
            documents.append((node.start_mark.line + 1, loader.construct_document(node)))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(document)"
        context = f" ({exc.context})" if exc.context else ""
        raise SpecError(source, [Problem(where, f"invalid YAML: {exc.problem}{context}", "valid YAML")]) from None
    except yaml.YAMLError as exc:
        raise SpecError(source, [Problem("(document)", str(exc), "valid YAML")]) from None
    except RecursionError:  # nesting the shape check could not see past a syntax error
        raise SpecError(
            source, [Problem("(document)", "values nested too deeply", f"at most {MAX_DEPTH} levels")]
        ) from None
    finally:
        loader.dispose()
    if len(documents) > 1:
        lines = ", ".join(str(line) for line, _ in documents)
        raise SpecError(
            source,
            [
                Problem(
                    "(document)",
                    f"{len(documents)} YAML documents (starting on lines {lines})",
                    "exactly one document: split them into separate files",
                )
            ],
        )
    if not documents or documents[0][1] is None:
        raise SpecError(source, [Problem("(document)", "an empty document", f"a {KIND} document")])
    return documents[0][1]


def from_document(doc: Any, source: str, *, overrides: Overrides | None = None) -> DesiredSchema:
    """Validate ``doc`` (JSON Schema, then SQL fragments and semantics) and build the model.

    ``overrides`` are the platform's guard overrides (never the document's own). Raises :class:`SpecError`
    carrying every problem found.
    """
    validate(doc, source)
    desired = replace(build(doc, source), overrides=overrides or Overrides())
    problems = semantic.check(desired)
    if problems:
        raise SpecError(source, problems)
    return desired


def from_sql(text: str, source: str, name: str, *, overrides: Overrides | None = None) -> DesiredSchema:
    """A desired state that is just a DDL script (pg_dump output, a structure.sql), default policy.

    The managed schemas are the ones the script creates objects in (its CREATE SCHEMA statements and the
    schemas its objects are created in; unqualified names follow its search path), ``public`` when it names
    none. Its CREATE EXTENSION statements are its extension declarations. The script itself is checked later,
    by the SQL guard and the shadow database.
    """
    document = {"apiVersion": API_VERSION, "kind": KIND, "metadata": {"name": name}, "spec": {"sql": text}}
    return DesiredSchema(
        name=name,
        source=source,
        document=document,
        schemas=declared_schemas(text) or ("public",),
        sql=text,
        overrides=overrides or Overrides(),
    )


def _read(path: Path, source: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES and path.is_file():
            raise SpecError(
                source, [Problem("(file)", f"{size} bytes", f"a document of at most 32 MiB ({MAX_FILE_BYTES} bytes)")]
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise SpecError(source, [Problem("(file)", "no such file", "an existing .yaml, .yml or .sql file")]) from None
    except IsADirectoryError:
        raise SpecError(source, [Problem("(file)", "a directory", "a .yaml, .yml or .sql file")]) from None
    except OSError as exc:
        raise SpecError(source, [Problem("(file)", exc.strerror or str(exc), "a readable file")]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(
            source, [Problem(f"byte {exc.start}", "text that is not UTF-8", "a UTF-8 encoded file")]
        ) from None


def load(path: str | Path, *, overrides: Overrides | None = None) -> DesiredSchema:
    """Load the desired state from ``path``: a ``.yaml``/``.yml`` DatabaseSchema or a ``.sql`` script.

    A ``.sql`` file becomes a document whose ``spec.sql`` is the file and whose name is the file's
    stem. ``overrides`` are the platform's guard overrides (CLI flags). Raises :class:`SpecError` (exit
    code 2) for anything wrong, including a missing file or one larger than 32 MiB.
    """
    path = Path(path)
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in YAML_SUFFIXES + SQL_SUFFIXES:
        raise SpecError(
            source,
            [Problem("(file)", repr(path.suffix or "no extension"), "a file ending in .yaml, .yml or .sql")],
        )
    text = _read(path, source)
    if suffix in SQL_SUFFIXES:
        return from_sql(text, source, path.stem, overrides=overrides)
    document = parse_yaml(text, source)
    desired = from_document(document, source, overrides=overrides)
    if (document.get("spec") or {}).get("sqlFrom"):
        # Only the operator reads ConfigMaps; planning without that SQL would propose dropping its objects.
        raise SpecError(
            source,
            [
                Problem(
                    "spec.sqlFrom",
                    "ConfigMap references, which only the operator can read",
                    "SQL the command line can read: for the CLI, put it in spec.sql or a "
                    ".sql file (docs/operator.md, SQL from ConfigMaps)",
                )
            ],
        )
    return desired
