"""SW114: the ``money`` type."""

from __future__ import annotations

import re

from schemawright.inspect.catalog import Column, Table
from schemawright.lint.model import Severity
from schemawright.lint.rules._columns import ColumnRule

MONEY = re.compile(r"^money(\[\])*$")


class MoneyType(ColumnRule):
    """``money`` depends on a server setting and knows one currency."""

    id = "SW114"
    name = "money-type"
    severity = Severity.WARNING
    summary = "A column uses the `money` type."
    rationale = """\
`money` formats and parses according to the server's `lc_monetary` setting, so the same dump restores to
different amounts (or fails) on a server with another locale; it has a fixed number of fractional digits,
knows no currency, and converts to and from `numeric` with rounding. Store amounts as `numeric(p, s)` with
the currency in a column of its own (an ISO 4217 code)."""
    bad = """\
- {name: amount, type: money, nullable: false}
"""
    good = """\
- {name: amount, type: "numeric(12,2)", nullable: false}
- {name: currency, type: text, nullable: false}   # CHECK (currency ~ '^[A-Z]{3}$')
"""

    def judge(self, table: Table, column: Column) -> tuple[str, str] | None:
        """A finding for ``money`` columns."""
        if not MONEY.match(column.type):
            return None
        return (
            f"{table.schema}.{table.name}.{column.name} is money: its value depends on the server's "
            "lc_monetary, and it knows no currency",
            "type: numeric(12,2) (precision to taste) plus a currency column, e.g.\n  - {name: "
            f'{column.name}, type: "numeric(12,2)", nullable: false}}\n  - {{name: currency, type: text, '
            "nullable: false}",
        )
