"""SW113: ``varchar(n)``/``char(n)`` with no recorded need for the limit."""

from __future__ import annotations

import re

from schemawright.inspect.catalog import Column, Table
from schemawright.lint.model import Severity
from schemawright.lint.rules._columns import ColumnRule

VARCHAR = re.compile(r"^character varying\((\d+)\)(\[\])*$")
CHAR = re.compile(r"^character\((\d+)\)(\[\])*$")


class VarcharLengthLimit(ColumnRule):
    """In PostgreSQL ``text`` is the string type; a length limit is a business rule or nothing."""

    id = "SW113"
    name = "varchar-length-limit"
    severity = Severity.INFO
    summary = "A column is `varchar(n)` or `char(n)` without a decision saying why the limit exists."
    rationale = """\
In PostgreSQL `text`, `varchar` and `varchar(n)` are stored the same way; `varchar(n)` only adds a length
check, and the `n` is usually a guess that becomes a migration the day a longer value arrives. `char(n)`
also pads with spaces, which changes comparisons. Use `text`; when a maximum length is a real business
rule (a barcode that holds 32 characters, an ISO code), enforce it (`varchar(32)` or
`CHECK (length(sku) <= 32)`) and record the reason in a decision, which acknowledges this finding.

Informational: widening a `varchar(n)` later is a catalog-only change in PostgreSQL; narrowing it or
converting `char(n)` is not."""
    bad = """\
- {name: name, type: varchar(255), nullable: false}
"""
    good = """\
- {name: name, type: text, nullable: false}
# or varchar(32) with a decision: rules: [SW113], objects: [public.products.sku]
"""

    def judge(self, table: Table, column: Column) -> tuple[str, str] | None:
        """A finding for ``character varying(n)`` and ``character(n)`` columns."""
        obj = f"{table.schema}.{table.name}.{column.name}"
        if (match := VARCHAR.match(column.type)) is not None:
            return (
                f"{obj} is {column.type} with no recorded need for the {match.group(1)}-character limit",
                f"type: text (plus CHECK (length({column.name}) <= {match.group(1)}) if the limit is a rule), "
                f"or record why in a decision: rules: [SW113], objects: [{obj}]",
            )
        if (match := CHAR.match(column.type)) is not None:
            return (
                f"{obj} is {column.type}: blank-padded to {match.group(1)} characters, which changes comparisons",
                f"type: text (with a CHECK on the length if it is fixed), or record why in a decision: "
                f"rules: [SW113], objects: [{obj}]",
            )
        return None
