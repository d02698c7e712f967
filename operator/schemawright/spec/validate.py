"""Validate a desired-state document: JSON Schema first, then SQL fragments and semantic checks.

Every problem is collected (never just the first) and names its document path in the form
``spec.tables[3].columns[1].type``; :func:`validate` raises one :class:`SpecError` with all of them.
"""

from __future__ import annotations

import difflib
import functools
import importlib.resources
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from schemawright.errors import Problem, SpecError
from schemawright.spec.fragments import short

if TYPE_CHECKING:
    import jsonschema
    from jsonschema.exceptions import ValidationError

SCHEMA_RESOURCE = "data/databaseschema.schema.json"

_PATTERNS = {
    r"^([0-9]+(ms|s|m|h))+$": "a duration such as 500ms, 2s, 5m, 1h or 1m30s",
    r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$": (
        "a lowercase DNS name (a-z, 0-9, '-' and '.', starting and ending with a letter or digit)"
    ),
    r"^[A-Za-z_][A-Za-z0-9_]*$": "an environment variable name (letters, digits and _)",
    r"^[a-z0-9_][a-z0-9_-]*$": "an extension name (lowercase letters, digits, _ and -)",
    r"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$": ("an operator class name, optionally schema-qualified"),
    r"^SW[0-9]{3}$": "a lint rule code such as SW104",
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "a date written YYYY-MM-DD",
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$": "an identifier such as ADR-0001 (letters, digits, '.', '_' and '-')",
}
_TYPES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "nothing",
}


@functools.cache
def json_schema() -> dict[str, Any]:
    """The DatabaseSchema JSON Schema shipped with the package (schemas/databaseschema.schema.json)."""
    text = importlib.resources.files("schemawright").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema  # only documents need it (a .sql file does not): imported when one is validated

    return jsonschema.Draft202012Validator(json_schema())


def format_path(parts: Iterable[Any]) -> str:
    """``["spec", "tables", 3, "name"]`` → ``spec.tables[3].name``."""
    out = ""
    for part in parts:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"


def _join(path: str, name: Any) -> str:
    return f"{path}.{name}" if path != "(document)" else str(name)


def _quoted(names: Sequence[Any]) -> str:
    return ", ".join(repr(n) if isinstance(n, str) else str(n) for n in names)


def _schema_problems(error: ValidationError) -> list[Problem]:
    """One JSON Schema error as Problems with a human ``expected``."""
    path = format_path(error.absolute_path)
    kind: Any = error.validator
    value: Any = error.validator_value
    instance: Any = error.instance
    schema: Any = error.schema
    if kind == "required":
        present = instance if isinstance(instance, dict) else {}
        return [Problem(_join(path, n), "nothing", f"a required property {n!r}") for n in value if n not in present]
    if kind == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        problems = []
        for extra in (k for k in instance if k not in known):
            close = difflib.get_close_matches(str(extra), known, n=1)
            expected = (
                f"a known field: did you mean {close[0]!r}?"
                if close
                else f"one of the known fields: {', '.join(known)}"
            )
            problems.append(Problem(_join(path, extra), f"the unknown field {extra!r}", expected))
        return problems
    found = short(instance)
    if kind == "enum" and len(value) == 1:
        expected = str(value[0])
    elif kind == "enum":
        expected = "one of: " + ", ".join(str(v) for v in value)
    elif kind == "type":
        expected = " or ".join(_TYPES.get(t, t) for t in ([value] if isinstance(value, str) else value))
        if value == "object" and isinstance(instance, str) and {"name", "expression"} <= set(schema["properties"]):
            expected = f"a mapping such as {{name: {instance}}} or {{expression: {instance}}}"
    elif kind == "minLength":
        expected = "a non-empty string" if value == 1 else f"a string of at least {value} characters"
    elif kind == "maxLength":
        expected = f"a string of at most {value} characters (this one has {len(instance)})"
    elif kind == "pattern":
        expected = _PATTERNS.get(value, f"a string matching {value}")
    elif kind == "minimum":
        expected = f"a number of at least {value}"
    elif kind == "maximum":
        expected = f"a number of at most {value}"
    elif kind == "minItems":
        expected = f"a list of at least {value} item{'s' if value != 1 else ''}"
    elif kind == "oneOf" and all(set(branch) == {"required"} for branch in value):
        if not isinstance(instance, dict):
            return []  # the type error says it all
        names = [branch["required"][0] for branch in value]
        given = [n for n in names if isinstance(instance, dict) and n in instance]
        found = "both " + " and ".join(map(repr, given)) if given else "neither " + " nor ".join(map(repr, names))
        expected = f"exactly one of the properties {_quoted(names)}"
    elif kind == "not" and set(value) == {"required"}:
        found = "both " + " and ".join(map(repr, value["required"]))
        expected = f"at most one of the properties {_quoted(value['required'])}"
    else:
        expected = error.message
    return [Problem(path, found, expected)]


def _sort_key(part: Any) -> tuple[int, int, str]:
    return (0, part, "") if isinstance(part, int) else (1, 0, str(part))


def schema_problems(document: Any) -> list[Problem]:
    """Every JSON Schema violation of ``document``, in document order, without duplicates."""
    problems: list[Problem] = []
    errors = sorted(_validator().iter_errors(document), key=lambda e: [_sort_key(p) for p in e.absolute_path])
    for error in errors:
        for problem in _schema_problems(error):
            if problem not in problems:
                problems.append(problem)
    return problems


def validate(document: Any, source: str) -> None:
    """Raise :class:`SpecError` with every JSON Schema problem of ``document``; return if it has none.

    Only the structure is checked here; :func:`schemawright.spec.load.from_document` also runs the
    SQL-fragment and semantic checks of :mod:`.semantic` on the built model.
    """
    if not isinstance(document, dict):
        raise SpecError(
            source, [Problem("(document)", short(document), "a mapping (apiVersion, kind, metadata, spec)")]
        )
    from schemawright.spec import verdicts

    verdict = verdicts.key(document, json_schema())
    if verdicts.known_valid(verdict):
        return
    problems = schema_problems(document)
    if problems:
        raise SpecError(source, problems)
    verdicts.remember(verdict)
