"""Forbidden functions: anywhere in an allowed statement (defaults, checks, views, policies, function bodies),
a call of — or a GRANT, ALTER or trigger naming — one of these is rejected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from postgast import pg_query_pb2 as pb

from schemawright.guard.context import Context, Reject
from schemawright.guard.walk import walk

_FILES = "reads or writes files on the database server"


_ADMIN = "controls the server or other sessions"


_CONFIG = "changes settings while the server runs; pass values as arguments instead (current_setting is fine)"


_DYNAMIC = "runs SQL text that cannot be checked in advance"


_REMOTE = "connects to other databases"


_BACKUP = "controls backups, the write-ahead log or replication"


_STATISTICS = "resets the server's statistics"


_FORBIDDEN_FUNCTIONS: dict[str, str] = {
    "pg_read_file": _FILES,
    "pg_read_binary_file": _FILES,
    "pg_stat_file": _FILES,
    "lo_import": _FILES,
    "lo_export": _FILES,
    "pg_logdir_ls": _FILES,
    "pg_current_logfile": _FILES,
    "pg_terminate_backend": _ADMIN,
    "pg_cancel_backend": _ADMIN,
    "pg_reload_conf": _ADMIN,
    "pg_rotate_logfile": _ADMIN,
    "pg_log_backend_memory_contexts": _ADMIN,
    "pg_promote": _ADMIN,
    "set_config": _CONFIG,
    "pg_switch_wal": _BACKUP,
    "pg_create_restore_point": _BACKUP,
    "pg_start_backup": _BACKUP,
    "pg_stop_backup": _BACKUP,
    "pg_create_physical_replication_slot": _BACKUP,
    "pg_create_logical_replication_slot": _BACKUP,
    "pg_drop_replication_slot": _BACKUP,
    "pg_copy_physical_replication_slot": _BACKUP,
    "pg_copy_logical_replication_slot": _BACKUP,
    "pg_replication_slot_advance": _BACKUP,
    "pg_sync_replication_slots": _BACKUP,
    "pg_logical_emit_message": _BACKUP,
    "query_to_xml": _DYNAMIC,
    "query_to_xmlschema": _DYNAMIC,
    "query_to_xml_and_xmlschema": _DYNAMIC,
}


_FORBIDDEN_PREFIXES: dict[str, str] = {
    "pg_ls_": _FILES,  # pg_ls_dir, pg_ls_logdir, pg_ls_waldir, pg_ls_tmpdir, ...
    "pg_read_": _FILES,
    "pg_file_": _FILES,  # adminpack: pg_file_write, pg_file_unlink, pg_file_rename, pg_file_sync
    "dblink": _REMOTE,  # dblink, dblink_exec, dblink_connect, ...
    "pg_backup_": _BACKUP,  # pg_backup_start, pg_backup_stop
    "pg_wal_replay_": _BACKUP,
    "pg_logical_slot_": _BACKUP,
    "pg_replication_origin_": _BACKUP,
    "pg_stat_reset": _STATISTICS,
}


FORBIDDEN_WORDS = re.compile("|".join(re.escape(word) for word in (*_FORBIDDEN_FUNCTIONS, *_FORBIDDEN_PREFIXES)))


def forbidden_function(name: str) -> str | None:
    """Why calling ``name`` (unqualified, any case) is forbidden, or None when it is fine."""
    name = name.lower()
    if name in _FORBIDDEN_FUNCTIONS:
        return _FORBIDDEN_FUNCTIONS[name]
    return next((why for prefix, why in _FORBIDDEN_PREFIXES.items() if name.startswith(prefix)), None)


def check_calls(node: pb.Node, kind: str, ctx: Context) -> None:
    """Reject the first reference to a forbidden function anywhere in the statement."""
    found = next(forbidden_references(node, ctx), None)
    if found is not None:
        name, why, _location = found
        raise Reject(kind, f"it calls {name}(), which {why}", "forbidden-function")


def forbidden_references(tree: pb.Node, ctx: Context | None = None) -> Iterator[tuple[str, str, int]]:
    """(name, reason, byte location or -1) of each forbidden function named in ``tree``.

    Function calls anywhere, and the functions named by GRANT/ALTER/DROP/COMMENT ON FUNCTION and by
    CREATE TRIGGER ... EXECUTE FUNCTION.
    """
    for message in walk(tree, ctx):
        kind = type(message)
        if kind is pb.FuncCall:
            names, location = message.funcname, message.location
        elif kind is pb.ObjectWithArgs:
            names, location = message.objname, -1
        elif kind is pb.CreateTrigStmt:
            names, location = message.funcname, -1
        else:
            continue
        if names:
            name = names[-1].string.sval
            why = forbidden_function(name)
            if why is not None:
                yield name, why, location
