"""The ``DatabaseSchema`` desired-state document: load (YAML or .sql), validate, model, render.

>>> desired = load("schema.yaml")          # SpecError (exit code 2) with every problem if invalid
>>> statements = render(desired)           # the desired DDL, spec.sql excluded
"""

from schemawright.spec.load import from_document, from_sql, load, parse_yaml
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
from schemawright.spec.render import render, render_script
from schemawright.spec.validate import json_schema

__all__ = [
    "AccessPattern",
    "Check",
    "Column",
    "Database",
    "Decision",
    "DesiredSchema",
    "Enum",
    "ForeignKey",
    "Generated",
    "Index",
    "IndexElement",
    "Partition",
    "PartitionBy",
    "Policy",
    "PrimaryKey",
    "RefreshSchedule",
    "RowSecurity",
    "RowSecurityPolicy",
    "Table",
    "Unique",
    "from_document",
    "from_sql",
    "json_schema",
    "load",
    "parse_yaml",
    "render",
    "render_script",
]
