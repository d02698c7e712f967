"""Index changes migra does not see: it compares some index definitions loosely, so an index whose
``COLLATE`` (or operator class) changed gives no statement, and the live index keeps serving lookups in the
old order. This compares ``pg_get_indexdef`` of both catalogs and spells each such change the way migra
spells a changed index (``drop index`` + ``CREATE INDEX``), for the planner's changed-index rewrite (built
beside, swapped in)."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from schemawright.inspect.catalog import Catalog, QualifiedName

_NAME = re.compile(r'^(?:create (?:unique )?index|drop index if exists) "?([^" ]+)"?\."?([^" ]+?)"?(?: |;|$)', re.I)


def _named(statement: str) -> tuple[str, str] | None:
    """(schema, index) of the differ's own ``CREATE INDEX`` / ``drop index`` (``CREATE INDEX name ON schema.t``
    names no schema: matched by name alone)."""
    text = statement.strip()
    found = _NAME.match(text)
    if found:
        return found.group(1), found.group(2)
    parts = text.split()
    if len(parts) > 3 and parts[0].lower() == "create" and "index" in (parts[1].lower(), parts[2].lower()):
        return "", parts[2] if parts[1].lower() == "index" else parts[3]
    return None


def unseen_index_changes(
    statements: Sequence[str], live: Catalog, desired: Catalog, *, skip: Collection[QualifiedName] = ()
) -> list[str]:
    """A ``drop index`` and the desired ``CREATE INDEX`` for each plain index of an existing table whose
    definition differs between the catalogs and that no differ statement names (tables in ``skip`` — renamed
    ones, whose live definitions print the old names — left out)."""
    named = {n for s in statements if (n := _named(s)) is not None}
    names = {n for _s, n in named}
    found: list[str] = []
    for key, old in sorted(live.indexes.items()):
        new = desired.indexes.get(key)
        if new is None or new.definition == old.definition or key in named or key[1] in names:
            continue
        if old.constraint or new.constraint or old.parent or new.parent or not old.valid:
            continue  # keys follow their constraints; partitions' indexes their parent's; invalid: rebuilt anyway
        table = (old.schema, old.table)
        if table not in live.tables or table not in desired.tables or table in skip:
            continue
        found += [f'drop index if exists "{key[0]}"."{key[1]}"', new.definition]
    return found
