"""Inspections kept on disk: a plan reads the inspections (the planner's catalog, migra's inspector per schema)
of a database whose content it can name, instead of inspecting it again.

* A kept shadow template: its content is fixed by its name (:mod:`schemawright.shadow.templates` hashes every
  statement it runs, the managed schemas, the release, the server's version, roles and extensions), and it is
  never changed once built; a template dropped and built again is another database (another oid). So the
  template's name and oid name its content.
* A live database: named by its fingerprint and its catalog stamp together (``content``: see
  :mod:`schemawright.livestate.stamp`), read by the plan before it inspects. Any DDL committed in that database
  since changes the stamp, so an inspection is only reused while the catalogs are exactly as they were; a change
  made by hand is never hidden. Mostly the plan after a plan, or the plan of a new document after an adopt.

The key also holds what was inspected (which schemas, by which code) and this release. Never a private scratch
database. Kept in the subfolder ``inspections`` of the cache folder (:mod:`schemawright.cachedir`), readable by
this user only; the newest ``KEEP`` files stay. A file that cannot be read is a miss.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Sequence

from schemawright import cachedir

TEMPLATE_PREFIX = "schemawright_tpl_"  # shadow_templates.PREFIX (not imported: that pulls in the shadow stack)
IDENTITY_QUERY = "SELECT current_database(), (SELECT oid FROM pg_database WHERE datname = current_database())"
KEEP = 64


def key(
    identity: Sequence[object] | None,
    kind: str,
    schemas: Sequence[str],
    *,
    code: Sequence[str] = (),
    versions: Sequence[str] = (),
    content: str = "",
) -> str | None:
    """The key of the ``kind`` inspection of ``schemas`` in the database ``identity`` (a row of
    IDENTITY_QUERY), made by the package modules ``code`` and the libraries at ``versions``; ``content`` names
    what a live database holds (its fingerprint and catalog stamp). None when that database is neither a kept
    template nor named by ``content``."""
    from schemawright import __version__

    template = identity is not None and len(identity) == 2 and str(identity[0]).startswith(TEMPLATE_PREFIX)
    if not template and not content:
        return None
    parts = [
        __version__,
        kind,
        *(str(part) for part in (identity or ())),
        content,
        ",".join(schemas),
        cachedir.code_digest(*code),
        *versions,
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:40]


def load(found_key: str | None) -> object | None:
    """The inspection kept under ``found_key``, or None."""
    where = cachedir.folder("inspections")
    if found_key is None or where is None:
        return None
    path = where / f"{found_key}.pickle"
    try:
        with path.open("rb") as file:
            value: object = pickle.load(file)  # our own file, in a folder only this user can write
        os.utime(path)  # used: the newest files are kept
        return value
    except Exception:  # missing, partly written by a crashed process, or from other library versions
        return None


def store(found_key: str | None, pickled: Callable[[], bytes]) -> None:
    """Keep the inspection ``pickled`` returns under ``found_key`` (best effort; written whole or not at all).
    Pickled only when kept: at 1000 tables pickling migra's inspector alone takes 0.3 s, which a private shadow
    or ``SCHEMAWRIGHT_CACHE=off`` would pay for nothing."""
    if found_key is not None and cachedir.folder("inspections") is not None:
        cachedir.store("inspections", f"{found_key}.pickle", pickled(), keep=KEEP)
