"""The ``DatabaseSchema`` CustomResourceDefinition, generated from ``schemas/databaseschema.schema.json``.

The JSON Schema is the single source of truth; :func:`build_crd` turns it into a *structural*
``openAPIV3Schema`` (the rules Kubernetes enforces for ``apiextensions.k8s.io/v1``):

* every field has a ``type``; ``oneOf`` and friends hold value validations only (``required``);
* no ``additionalProperties: false`` (the API server prunes unknown fields instead, and ``kubectl``'s
  strict field validation rejects them), no ``$schema``/``$id``/``$ref``/``title``;
* ``metadata`` is ``{type: object}`` (Kubernetes validates object metadata itself);
* ``status`` keeps unknown fields (the operator writes it; the status subresource is on).

:func:`structural_problems` checks those rules (and that every field has a description, so
``kubectl explain`` teaches the format); the tests run it on the committed CRD.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonschema

GROUP = "schemawright.io"
VERSION = "v1alpha1"
KIND = "DatabaseSchema"
PLURAL = "databaseschemas"
SINGULAR = "databaseschema"
SHORT_NAMES = ("dbschema", "dbs")
CRD_NAME = f"{PLURAL}.{GROUP}"

PRINTER_COLUMNS: tuple[dict[str, Any], ...] = (
    {
        "name": "Ready",
        "type": "string",
        "jsonPath": '.status.conditions[?(@.type=="Ready")].status',
        "description": "Whether the live schema matches the desired state.",
    },
    {
        "name": "Phase",
        "type": "string",
        "jsonPath": ".status.phase",
        "description": "What the operator is doing or waiting for.",
    },
    {
        "name": "Plan hash",
        "type": "string",
        "jsonPath": ".status.plan.hash",
        "description": "The hash of the current plan; approve its contract phase with the schemawright.io/approve "
        "annotation.",
    },
    {
        "name": "Targets",
        "type": "string",
        "jsonPath": ".status.targets.summary",
        "description": "A fleet (spec.database.secretSelector): targets ready / total.",
    },
    {
        "name": "Drift",
        "type": "string",
        "jsonPath": '.status.conditions[?(@.type=="Drifted")].status',
        "description": "Whether the live schema was changed outside schemawright.",
    },
    {
        "name": "Age",
        "type": "date",
        "jsonPath": ".metadata.creationTimestamp",
        "description": "Time since the resource was created.",
    },
)

# Keywords that validate a value (allowed inside a junctor, and everywhere else too).
_VALUE_KEYS = {
    "required",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "format",
    "multipleOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minProperties",
    "maxProperties",
}
_JUNCTORS = ("oneOf", "anyOf", "allOf", "not")
# Keywords that may appear in a junctor (oneOf/anyOf/allOf/not): value validations and nested junctors only.
_JUNCTOR_KEYS = _VALUE_KEYS | set(_JUNCTORS)
_FORBIDDEN = {
    "$ref",
    "$schema",
    "$id",
    "id",
    "definitions",
    "$defs",
    "dependencies",
    "patternProperties",
    "additionalItems",
    "uniqueItems",
    "const",
    "if",
    "then",
    "else",
    "examples",
    "title",
}
# Every key Kubernetes' JSONSchemaProps knows (a CRD with other keys is rejected).
_KNOWN = _JUNCTOR_KEYS | {
    "type",
    "description",
    "properties",
    "items",
    "default",
    "nullable",
    "additionalProperties",
    "example",
    "externalDocs",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-int-or-string",
    "x-kubernetes-embedded-resource",
    "x-kubernetes-list-type",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-map-type",
    "x-kubernetes-validations",
}


def openapi_schema(json_schema: dict[str, Any]) -> dict[str, Any]:
    """The structural ``openAPIV3Schema`` for the DatabaseSchema JSON Schema."""
    root = _convert(copy.deepcopy(json_schema))
    props = root["properties"]
    props["apiVersion"] = {
        "type": "string",
        "description": json_schema["properties"]["apiVersion"]["description"]
        + " APIVersion defines the versioned schema of this representation of an object.",
    }
    props["kind"] = {
        "type": "string",
        "description": json_schema["properties"]["kind"]["description"]
        + " Kind is a string value representing the REST resource this object represents.",
    }
    props["metadata"] = {"type": "object"}
    props["status"] = {
        "type": "object",
        "description": json_schema["properties"]["status"]["description"],  # the one source: schemas/
        "x-kubernetes-preserve-unknown-fields": True,
    }
    root["required"] = ["spec"]
    return root


def _convert(node: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in {"$schema", "$id", "title"}:
            continue
        if key == "additionalProperties":
            if isinstance(value, dict):
                out[key] = _convert(value)
            continue  # false: the API server prunes unknown fields, kubectl rejects them
        if key == "properties":
            out[key] = {name: _convert(child) for name, child in value.items()}
        elif key == "items" and isinstance(value, dict):
            out[key] = _convert(value)
        elif key in _JUNCTORS:
            out[key] = [dict(option) for option in value] if isinstance(value, list) else dict(value)
        else:
            out[key] = value
    return out


def build_crd(json_schema: dict[str, Any]) -> dict[str, Any]:
    """The CustomResourceDefinition object (a plain dict, ready for YAML)."""
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {
            "name": CRD_NAME,
            "labels": {"app.kubernetes.io/name": "schemawright", "app.kubernetes.io/part-of": "schemawright"},
        },
        "spec": {
            "group": GROUP,
            "scope": "Namespaced",
            "names": {
                "kind": KIND,
                "listKind": f"{KIND}List",
                "plural": PLURAL,
                "singular": SINGULAR,
                "shortNames": list(SHORT_NAMES),
                "categories": ["schemawright"],
            },
            "versions": [
                {
                    "name": VERSION,
                    "served": True,
                    "storage": True,
                    "subresources": {"status": {}},
                    "additionalPrinterColumns": [dict(c) for c in PRINTER_COLUMNS],
                    "schema": {"openAPIV3Schema": openapi_schema(json_schema)},
                }
            ],
        },
    }


def structural_problems(schema: dict[str, Any], path: str = "") -> list[str]:
    """What keeps ``schema`` (an ``openAPIV3Schema``) from being structural, or lacks a description."""
    where = path or "(root)"
    problems = [*_field_problems(schema, where), *_node_problems(schema, path, where)]
    if path == ".metadata":
        problems += _metadata_problems(schema, where)
    problems += _junctor_problems(schema, where)
    problems += _default_problems(schema, where)
    return problems + _child_problems(schema, path, where)


def _field_problems(schema: dict[str, Any], where: str) -> list[str]:
    """Fields a CRD schema may not use, or that JSONSchemaProps does not know."""
    return [
        f"{where}: {key} is not allowed in a CRD schema"
        if key in _FORBIDDEN
        else f"{where}: unknown JSONSchemaProps field {key!r}"
        for key in schema
        if key in _FORBIDDEN or key not in _KNOWN
    ]


def _node_problems(schema: dict[str, Any], path: str, where: str) -> list[str]:
    """A node needs a type and (below the root) a description; unknown fields are pruned, not refused."""
    problems = []
    preserve = schema.get("x-kubernetes-preserve-unknown-fields") is True
    if "type" not in schema and not preserve and not schema.get("x-kubernetes-int-or-string"):
        problems.append(f"{where}: no type")
    if path and path != ".metadata" and not schema.get("description"):
        problems.append(f"{where}: no description")
    if schema.get("additionalProperties") is False:
        problems.append(f"{where}: additionalProperties: false is not allowed (unknown fields are pruned)")
    if "additionalProperties" in schema and "properties" in schema:
        problems.append(f"{where}: additionalProperties and properties are mutually exclusive")
    return problems


def _metadata_problems(schema: dict[str, Any], where: str) -> list[str]:
    """``metadata`` may only be ``{type: object}``, restricting at most its name."""
    problems = []
    if set(schema.get("properties", {})) - {"name", "generateName"}:
        problems.append(f"{where}: only metadata.name and metadata.generateName may be restricted")
    if set(schema) - {"type", "properties"}:
        problems.append(f"{where}: metadata may only be {{type: object}}")
    return problems


def _junctor_problems(schema: dict[str, Any], where: str) -> list[str]:
    """allOf/anyOf/oneOf/not hold value validations only, and require only the node's own properties."""
    problems = []
    for junctor in _JUNCTORS:
        options = schema.get(junctor)
        if options is None:
            continue
        for index, option in enumerate(options if isinstance(options, list) else [options]):
            extra = set(option) - _JUNCTOR_KEYS
            if extra:
                problems.append(
                    f"{where}.{junctor}[{index}]: only value validations may appear in a junctor, found {sorted(extra)}"
                )
            problems += [
                f"{where}.{junctor}[{index}]: {name} is not a property of the node"
                for name in option.get("required", [])
                if name not in schema.get("properties", {})
            ]
    return problems


def _default_problems(schema: dict[str, Any], where: str) -> list[str]:
    """A default must validate against its own node."""
    if "default" not in schema:
        return []
    try:
        jsonschema.Draft4Validator(_as_json_schema(schema)).validate(schema["default"])
    except jsonschema.ValidationError as exc:
        return [f"{where}: the default does not validate: {exc.message}"]
    return []


def _child_problems(schema: dict[str, Any], path: str, where: str) -> list[str]:
    """The problems of the node's properties, items and additionalProperties (items must be one schema)."""
    problems = []
    for name, child in schema.get("properties", {}).items():
        problems += structural_problems(child, f"{path}.{name}")
    items = schema.get("items")
    if isinstance(items, list):
        problems.append(f"{where}: items must be one schema, not a list")
    elif isinstance(items, dict):
        problems += structural_problems(items, f"{path}[*]")
    if isinstance(schema.get("additionalProperties"), dict):
        problems += structural_problems(schema["additionalProperties"], f"{path}{{*}}")
    return problems


def _walk(schema: dict[str, Any], fn: Any) -> dict[str, Any]:
    """Apply ``fn`` to every schema node (properties, items, additionalProperties, junctors), bottom up."""
    out = dict(schema)
    if isinstance(out.get("properties"), dict):
        out["properties"] = {name: _walk(child, fn) for name, child in out["properties"].items()}
    if isinstance(out.get("items"), dict):
        out["items"] = _walk(out["items"], fn)
    if isinstance(out.get("additionalProperties"), dict):
        out["additionalProperties"] = _walk(out["additionalProperties"], fn)
    for junctor in _JUNCTORS:
        if isinstance(out.get(junctor), list):
            out[junctor] = [_walk(option, fn) for option in out[junctor]]
        elif isinstance(out.get(junctor), dict):
            out[junctor] = _walk(out[junctor], fn)
    result: dict[str, Any] = fn(out)
    return result


def _as_json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI node as JSON Schema: without the Kubernetes extensions and defaults."""
    return _walk(
        schema, lambda node: {k: v for k, v in node.items() if not k.startswith("x-kubernetes-") and k != "default"}
    )


def _closed(node: dict[str, Any]) -> dict[str, Any]:
    if "properties" in node and "additionalProperties" not in node:
        return {**node, "additionalProperties": False}
    return node


def resource_validator(crd: dict[str, Any]) -> jsonschema.Draft4Validator:
    """A validator for custom resources against the CRD's ``openAPIV3Schema``.

    Like the API server it rejects wrong types, enums, patterns and lengths; unlike the API server (which
    prunes unknown fields, and ``kubectl``'s strict field validation, which rejects them) it is strict on its
    own: ``additionalProperties: false`` is put back, so a test cannot create what the server would prune.
    """
    schema = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    return jsonschema.Draft4Validator(_walk(_as_json_schema(schema), _closed))


HEADER = (
    "# Generated by scripts/gen_crd.py from schemas/databaseschema.schema.json: do not edit by hand.\n"
    "# Regenerate with: python scripts/gen_crd.py\n"
)


def render_crd_yaml(json_schema: dict[str, Any]) -> str:
    """The CRD as the YAML file committed under ``crds/`` (the chart's ``templates/crd.yaml`` wraps it)."""
    import yaml

    return HEADER + yaml.safe_dump(build_crd(json_schema), sort_keys=False, width=100, allow_unicode=True)
