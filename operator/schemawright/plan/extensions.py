"""Extension versions: an update the plan can run, and a downgrade it refuses.

``ALTER EXTENSION … UPDATE TO`` runs the extension's update scripts; extensions ship scripts forward only, so a
desired version older than the live one would fail at apply (no update path) after earlier steps ran. It is
refused at plan time instead, naming the extension, both versions and what to do.
"""

from __future__ import annotations

import re

from schemawright.errors import PlanError
from schemawright.plan.names import ident, literal

_NUMERIC = re.compile(r"^\d+(\.\d+)*$")


def _parts(version: str) -> tuple[int, ...] | None:
    return tuple(int(p) for p in version.split(".")) if _NUMERIC.match(version) else None


def is_downgrade(live: str, desired: str) -> bool:
    """True when the dotted numeric ``desired`` version is older than ``live`` (other spellings: False, the
    update is attempted)."""
    old, new = _parts(live), _parts(desired)
    return old is not None and new is not None and new < old


def refuse_downgrade(name: str, live: str, desired: str) -> None:
    """Raise a ``PlanError`` when ``desired`` is older than the ``live`` version of the extension ``name``."""
    if is_downgrade(live, desired):
        raise PlanError(
            f"extension {name}: the document asks for version {desired}, but the live database has {live}, a newer "
            "version; extensions ship no downgrade scripts, so the plan cannot go back. Declare version "
            f"{live} (or leave the version out) in the document; to really downgrade, do it by hand outside "
            f"schemawright (DROP EXTENSION {name} drops its functions, types and the columns that use them, then "
            f"CREATE EXTENSION {name} VERSION '{desired}')."
        )


def create_sql(name: str, version: str | None) -> str:
    """``CREATE EXTENSION`` of ``name`` at the ``version`` the shadow has (the document's pin, or the default
    there): without it the live database would get its own default, and a pinned older version would then
    read as a downgrade on the next plan."""
    pinned = f" VERSION {literal(version)}" if version else ""
    return f"CREATE EXTENSION IF NOT EXISTS {ident(name)}{pinned}"
