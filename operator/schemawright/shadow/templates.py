"""Shadow reuse: the materialised desired schema is kept as a template database and cloned for the next plan.

Building the shadow (running every statement of the document) is the largest cost of a plan. A plan reads the
template directly, over read-only connections (``default_transaction_read_only``); only a plan that must change
the desired schema (renames put back before the diff) clones it (``CREATE DATABASE … TEMPLATE …``), which
copies files instead of running statements. A template is named
``schemawright_tpl_<key>``, where the key hashes everything that determines what the build produces: every
statement the shadow runs (so the document text and the guard overrides that shaped them), what the caller adds
(the managed schemas), this release, the server's version, its roles (a grant to a missing role is skipped)
and its available extensions. A different document has another key, so it never gets another document's
template. Only the desired side is cached: the live database is always read as it is.

Concurrent planners: a template is built under a temporary name and renamed when complete (so a template that
exists is whole), while an advisory lock on the key lets one planner build while the others wait and then clone.
A template being read is never dropped (eviction skips it); a clone that finds it busy builds afresh. The cache
keeps the ``SCHEMAWRIGHT_SHADOW_CACHE`` (default 8; 0 turns it off) most recently used
templates and drops the others; an operator may drop any ``schemawright_tpl_*`` database at any time. A template
stays owned by the role that built it (shadow/role.py), dropped with it or, for a template dropped by hand, at the
next eviction.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import psycopg
from psycopg import sql

from schemawright.guard import Statement
from schemawright.shadow.build import (
    CLAIM_KEY,
    SCRATCH_PREFIX,
    Conn,
    build,
    claimed,
    create_database,
    drop_built,
    drop_database,
)
from schemawright.shadow.role import ROLE_PREFIX, drop_role

PREFIX = "schemawright_tpl_"
BUILDING_PREFIX = "schemawright_tplnew_"
DEFAULT_SIZE = 8


def cache_size() -> int:
    """How many templates the cache keeps (``SCHEMAWRIGHT_SHADOW_CACHE``; 0 turns reuse off)."""
    try:
        return max(0, int(os.environ.get("SCHEMAWRIGHT_SHADOW_CACHE", DEFAULT_SIZE)))
    except ValueError:
        return DEFAULT_SIZE


def template_name(admin: Conn, statements: Sequence[str | Statement], key: Sequence[str] = ()) -> str:
    """The template database that holds what ``statements`` build on this server."""
    from schemawright import __version__

    row = admin.execute(
        "SELECT current_setting('server_version_num'),"
        " (SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles"
        "  WHERE rolname NOT LIKE 'schemawright\\_shadow\\_%' AND rolname NOT LIKE 'schemawright\\_tplnew\\_%'),"
        " (SELECT string_agg(name || '=' || coalesce(default_version, ''), ',' ORDER BY name)"
        "  FROM pg_available_extensions)"
    ).fetchone()
    digest = hashlib.sha256()
    digest.update(json.dumps({"release": __version__, "server": list(row or ()), "key": list(key)}).encode())
    for item in statements:
        statement = item if isinstance(item, Statement) else Statement(item)
        digest.update(f"\0{statement.effect}\0{statement.sql}".encode())
    return PREFIX + digest.hexdigest()[:32]


def ensure(
    admin: Conn,
    server_url: str,
    statements: Sequence[str | Statement],
    *,
    source: str,
    key: Sequence[str],
    notes: list[str],
) -> str:
    """The name of the template database holding what ``statements`` build, building it first when there is
    none. The build's notes (grants skipped) are added to ``notes``, also when the template was already there."""
    template = template_name(admin, statements, key)
    if not _touch(admin, template, notes):
        with _lock(admin, template):
            if not _touch(admin, template, notes):  # another planner may have built it while this one waited
                _build(admin, server_url, template, statements, source)
                _touch(admin, template, notes)
        evict(admin, cache_size(), keep_also=template)
    return template


def templates(admin: Conn) -> list[tuple[str, float]]:
    """The cached templates on this server and when each was last used (seconds since the epoch), newest first."""
    rows = admin.execute(
        "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database WHERE datname LIKE %s ORDER BY datname",
        (_like(PREFIX),),
    ).fetchall()
    found = [(str(name), _used(_meta(comment))) for name, comment in rows]
    return sorted(found, key=lambda entry: entry[1], reverse=True)


def evict(admin: Conn, keep: int, *, keep_also: str = "") -> list[str]:
    """Drop all but the ``keep`` most recently used templates (and ``keep_also``), unless a plan is reading one
    right now; the names dropped."""
    dropped = []
    for name, _ in templates(admin)[keep:]:
        if name == keep_also:
            continue
        try:
            drop_database(admin, name, force=False)
            dropped.append(name)
        except psycopg.Error:
            pass  # being cloned right now, or not ours to drop: the next eviction tries again
    sweep_leftovers(admin)  # and the roles that built them (and built templates dropped by hand)
    return dropped


# What a planner killed in mid-plan (SIGKILL, an evicted pod) leaves: its scratch databases and templates being
# built, claimed by no session (shadow.build.claimed) and used by none. Then the shadow roles that own no database
# and whose build's claim is gone: retired ones (their template evicted or dropped by hand, their scratch database
# swept) and building ones killed before their database was given to them.
_LEFTOVER_DATABASES = f"""
SELECT d.datname FROM pg_database d
WHERE (d.datname LIKE %(scratch)s OR d.datname LIKE %(building)s)
  AND NOT EXISTS (SELECT FROM pg_stat_activity a WHERE a.datname = d.datname)
  AND NOT EXISTS (SELECT FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                  AND ((l.classid::bigint << 32) | l.objid::bigint) = {CLAIM_KEY % "d.datname"})
"""
_LEFTOVER_ROLES = f"""
SELECT r.rolname FROM pg_roles r
WHERE r.rolname LIKE %(role)s
  AND NOT EXISTS (SELECT FROM pg_database d WHERE d.datdba = r.oid)
  AND NOT EXISTS (SELECT FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                  AND ((l.classid::bigint << 32) | l.objid::bigint) IN (
                      {CLAIM_KEY % f"'{SCRATCH_PREFIX}' || substr(r.rolname, length('{ROLE_PREFIX}') + 1)"},
                      {CLAIM_KEY % f"'{BUILDING_PREFIX}' || substr(r.rolname, length('{ROLE_PREFIX}') + 1)"}))
"""


def sweep_leftovers(admin: Conn) -> None:
    """Drop what killed planners left on this server (their databases), then the shadow roles no database needs;
    a database someone connects to meanwhile, or a role that owns something elsewhere, stays for the next sweep."""
    patterns = {"scratch": _like(SCRATCH_PREFIX), "building": _like(BUILDING_PREFIX), "role": _like(ROLE_PREFIX)}
    for (name,) in admin.execute(_LEFTOVER_DATABASES, patterns).fetchall():
        with contextlib.suppress(psycopg.Error):
            drop_database(admin, str(name), force=False)
    for (name,) in admin.execute(_LEFTOVER_ROLES, patterns).fetchall():
        drop_role(admin, str(name))


def _like(prefix: str) -> str:
    return prefix.replace("_", "\\_") + "%"


def _meta(comment: object) -> dict[str, float | list[str] | str]:
    try:
        value = json.loads(str(comment))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _used(meta: dict[str, float | list[str] | str]) -> float:
    used = meta.get("used", 0.0)
    return float(used) if isinstance(used, int | float) else 0.0


def _touch(admin: Conn, template: str, notes: list[str]) -> bool:
    """Mark ``template`` used now and add its build's notes to ``notes``; False when there is no such template."""
    row = admin.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", (template,)
    ).fetchone()
    if row is None:
        return False
    meta = _meta(row[0])
    notes.extend(str(note) for note in meta.get("notes", []) or [])  # type: ignore[union-attr]
    meta["used"] = time.time()
    try:
        _comment(admin, template, meta)
    except psycopg.errors.UndefinedObject:
        return False  # dropped just now
    return True


def _comment(admin: Conn, database: str, meta: dict[str, float | list[str] | str]) -> None:
    admin.execute(
        sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(database), sql.Literal(json.dumps(meta)))
    )


def _build(admin: Conn, server_url: str, template: str, statements: Sequence[str | Statement], source: str) -> None:
    """Build ``template`` under a temporary name, then give it its name: a template that exists is complete."""
    building = f"{BUILDING_PREFIX}{secrets.token_hex(6)}"
    with claimed(admin, building):
        create_database(admin, server_url, building)
        try:
            build_notes: list[str] = []
            build(admin, server_url, building, statements, source, build_notes)
            _comment(admin, building, {"notes": build_notes, "used": time.time(), "built": time.time()})
            admin.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(building), sql.Identifier(template))
            )
        except psycopg.errors.DuplicateDatabase:
            drop_built(admin, building)  # built meanwhile by a planner that did not wait for the lock: use that
        except BaseException:
            drop_built(admin, building)
            raise


@contextmanager
def _lock(admin: Conn, template: str) -> Iterator[None]:
    """One builder per template on this server (an advisory lock; others wait, then clone what it built)."""
    admin.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", (template,))
    try:
        yield
    finally:
        admin.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", (template,))
