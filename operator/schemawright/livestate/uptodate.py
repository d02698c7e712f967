"""The no-op fast path: the same document on an untouched schema needs no shadow and no diff.

When the document's key and the live catalog fingerprint both equal what the last successful apply
recorded, the plan is empty exactly as it was then. Any change to the live schema (by hand or otherwise)
changes the fingerprint, and any other document (or release, or set of managed schemas) has another key:
neither can reuse the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from schemawright.connect.db import connect
from schemawright.livestate.applied import AppliedState, document_key, last
from schemawright.livestate.fingerprint import PREFIX, catalog_fingerprint, fingerprint_like
from schemawright.plan.model import Plan, assemble
from schemawright.spec.model import DesiredSchema

if TYPE_CHECKING:
    from schemawright.livestate.applied import Conn


@dataclass(frozen=True)
class UpToDate:
    """The live schema is what the last apply of this very document left."""

    state: AppliedState
    plan: Plan  # the empty plan, as a full plan would have computed it

    @property
    def message(self) -> str:
        """One line for people: why there is nothing to do."""
        return self.state.message


def check(conn: Conn, desired: DesiredSchema) -> UpToDate | None:
    """An :class:`UpToDate` when the fast path applies, else None. Read-only: two small queries (a third for a
    record an earlier release wrote: its plan carries today's fingerprint, which the next apply records)."""
    state = last(conn)
    if state is None or state.document_key != document_key(desired):
        return None
    live = fingerprint_like(conn, desired.schemas, state.fingerprint)
    if live != state.fingerprint:
        return None
    if not live.startswith(PREFIX):  # recorded by an earlier release: unchanged in its scheme, carried on in ours
        live = catalog_fingerprint(conn, desired.schemas)
    plan = assemble(
        live, [], source=desired.source, desired_fingerprint=state.desired_fingerprint, schemas=desired.schemas
    )
    return UpToDate(state=state, plan=plan)


def check_url(desired: DesiredSchema, live_url: str) -> UpToDate | None:
    """:func:`check` over a connection of its own (``schemawright plan``)."""
    with connect(live_url) as conn:
        return check(conn, desired)
