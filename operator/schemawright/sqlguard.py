"""The SQL allow-list: every statement from a user document is checked here before any database sees it.

The SQL is parsed with postgast (libpg_query, the PostgreSQL 18 parser), so the guard sees exactly the
statements PostgreSQL would run — never a regular expression's guess. A statement passes only if its kind
is on the allow-list of schema definitions (tables, indexes, views, types, functions in trusted languages,
triggers, policies, comments, grants to named roles, allow-listed extensions) and nothing inside it calls a
server file, program or administration function. Everything else is rejected with a reason that says what
to do instead. docs/sql-allow-list.md describes the rules.

Every refusal names a rule (:data:`RULES`, docs/sql-allow-list.md has the table) and the flag that would
allow it; the platform — never the document — may waive the overridable rules (:class:`Overrides`:
``--allow RULE``, ``--allow-extension NAME``). pg_dump output is read as it comes: its ``\\restrict`` lines
are skipped, its preamble's session settings accepted, ``OWNER TO`` ignored (:func:`guard_script` says what
the shadow does with each statement).

Function bodies are checked too: a ``LANGUAGE sql`` body is parsed as SQL; a ``LANGUAGE plpgsql`` body is
compiled with libpg_query's PL/pgSQL parser, every SQL statement it contains is checked, dynamic SQL
(``EXECUTE``) is rejected because it cannot be checked before it runs, and every name called in the body
(a name token followed by '(') is compared with the forbidden function names. Inside bodies, data
changes (INSERT, UPDATE, DELETE, ...) are allowed: trigger functions need them.

Pure: no I/O, no database.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import json
import re
from collections.abc import Callable, Collection, Iterable, Iterator

import postgast
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from postgast import pg_query_pb2 as pb

from schemawright.errors import GuardError

__all__ = [
    "DEFAULT_EXTENSIONS",
    "RULES",
    "GuardedScript",
    "Overrides",
    "Rule",
    "Statement",
    "check_expression",
    "check_query",
    "check_script",
    "declared_schemas",
    "guard_script",
    "override_flag",
    "overrides",
    "statement_kind",
]

# Trusted extensions a schema commonly needs. Extensions run C code inside the server with the rights of
# whoever creates them, so anything that reaches outside the database (dblink, postgres_fdw, file_fdw),
# touches server files or internals (adminpack, lo, pageinspect, pg_buffercache, amcheck), is server
# administration (pg_stat_statements) or adds an untrusted language (plpython3u, plperlu) stays out.
DEFAULT_EXTENSIONS: frozenset[str] = frozenset(
    {
        "citext",
        "hstore",
        "pg_trgm",
        "btree_gist",
        "btree_gin",
        "vector",
        "cube",
        "earthdistance",
        "fuzzystrmatch",
        "intarray",
        "isn",
        "ltree",
        "tablefunc",
        "unaccent",
        "uuid-ossp",
        "bloom",
        "tsm_system_rows",
        "pgcrypto",  # allowed, but the embedded server is built without it: shadow runs will fail
    }
)

# --------------------------------------------------------------------------------------------------------
# Reasons. Each says why, and what to do instead.

_NOT_LISTED = "this kind of statement is not on the allow-list of schema definitions (see docs/sql-allow-list.md)"
_DML = (
    "it changes data, not the schema; schemawright applies schema definitions only "
    "(fill new columns with a column's `backfill`, load data with your application or a data job)"
)
_SELECT = "a top-level query defines nothing and can call any function; put queries in a view or a function"
_COPY = (
    "COPY moves data between the server and files, programs or the client, and defines nothing; "
    "load data with your application or a data job"
)
_DO = (
    "an anonymous code block runs arbitrary procedural code once and leaves nothing declared behind; "
    "write a function (LANGUAGE sql or plpgsql) if you need the logic"
)
_ALTER_SYSTEM = "it rewrites the server's configuration for every database; server settings belong to the platform"
_SET_ROLE = "it changes the role the following statements run as; schemawright runs every statement as its own role"
_SETTING = (
    "session settings do not last and do not belong in a schema; lock and statement timeouts come from "
    "spec.policy (lockTimeout, statementTimeout)"
)
_ROLE = (
    "roles are shared by every database of the cluster; create them with your platform tooling and refer "
    "to them by name in GRANT and policies"
)
_DATABASE = "schemawright manages what is inside the target database, not databases themselves"
_TABLESPACE = (
    "tablespaces are storage locations on the server chosen by its administrator (and are missing from "
    "the shadow database); leave the tablespace out"
)
_LANGUAGE = (
    "procedural languages decide what code can run inside the server; only the trusted languages sql "
    "and plpgsql are allowed"
)
_LOAD = "LOAD puts a shared library into the server process"
_FOREIGN = "foreign data reaches outside this database (other servers, files); it is not allowed in a schema"
_REPLICATION = "publications and subscriptions configure replication, which is the platform's job"
_TRANSACTION = (
    "schemawright decides transaction boundaries itself (each step runs in a transaction where "
    "PostgreSQL allows); remove it"
)
_MAINTENANCE = (
    "maintenance commands define nothing and can hold locks for a long time; run them from operations tooling"
)
_TRUNCATE = "TRUNCATE deletes every row: it changes data, not the schema"
_MESSAGING = "LISTEN and NOTIFY are messaging between sessions, not schema"
_PREPARED = "prepared statements are session state that can run anything; they define nothing"
_CALL = "CALL runs a procedure now; schemawright applies definitions only"
_LOCK = "schemawright takes the locks its steps need itself (with spec.policy.lockTimeout)"
_SESSION = "it acts on the current session or server and defines nothing"
_SECURITY_LABEL = "security labels belong to a label provider (such as SELinux) configured by the server administrator"
_EVENT_TRIGGER = (
    "event triggers fire on DDL anywhere in the database (schemawright's own steps included) and need "
    "superuser rights; use ordinary triggers on tables"
)
_DEFAULT_PRIVILEGES = (
    "default privileges silently apply to objects created later by a role, which the document does not "
    "show; grant on the objects themselves (GRANT ... ON ALL TABLES IN SCHEMA ... is allowed)"
)
_RULE = "rules rewrite queries in surprising ways (a well-known footgun); use a trigger instead"
_REFRESH = (
    "refreshing a materialized view recomputes its data, an operational task; schedule it outside the "
    "schema (for example with pg_cron or your job runner)"
)
_TABLE_AS = "CREATE TABLE ... AS copies data; declare the table with its columns and load data separately"
_TEMPORARY = "temporary objects vanish at the end of the session, so they cannot be part of a declared schema"
_PUBLIC = "PUBLIC means every role of the cluster, now and in the future; grant to a named role instead"
_SYSTEM_SCHEMA = (
    "system schemas (pg_catalog, information_schema, pg_*) and their objects belong to PostgreSQL; "
    "create, change and grant only your own objects, in your own schemas"
)
_NESTED_DML = (
    "a data-modifying WITH (INSERT, UPDATE, DELETE or MERGE inside) changes data when the statement runs; "
    "schemawright applies schema definitions only"
)
_EXTENSION_CASCADE = (
    "CASCADE would install dependencies without checking them; create each required extension first "
    "(e.g. CREATE EXTENSION cube; CREATE EXTENSION earthdistance;), so each is checked"
)
_UNTRUSTED_LANGUAGE = (
    "functions may only be written in the trusted languages sql and plpgsql; other languages can read "
    "files, start programs or run native code inside the server"
)
_NO_LANGUAGE = "the function has no LANGUAGE clause; add LANGUAGE sql or LANGUAGE plpgsql"
_DEFINER = (
    "a SECURITY DEFINER function runs with its owner's rights (schemawright's role); without a fixed "
    "search_path a caller can put their own objects first and run code as the owner. Add "
    "SET search_path = <your schema>, pg_temp"
)
_DEFINER_RESET = (
    "resetting search_path (RESET ALL does too) could leave a SECURITY DEFINER function without a fixed search_path; "
    "restate the function with CREATE OR REPLACE FUNCTION instead"
)
_LEAKPROOF = (
    "LEAKPROOF lets the planner run the function before row-level security filters, so a mistake leaks "
    "hidden rows; it needs superuser rights and a security review, not a schema document"
)
_ROUTINE_SETTING = "only search_path, time zone, date style and timeout or memory settings may be set here"
_DYNAMIC_SQL = (
    "EXECUTE runs SQL text built while the function runs, which cannot be checked in advance; write the "
    "statement directly in the function so it is checked"
)

_PLPGSQL_UNANALYSABLE = (
    "the guard's PL/pgSQL analyser (libpg_query) cannot analyse this body ({detail}); this is a limit of the "
    "guard, not an error in the function. Where the platform allows such bodies, their tokens are still scanned "
    "for forbidden calls and EXECUTE"
)
_META_COMMAND = (
    "psql meta-commands are client commands, not SQL; only pg_dump's \\restrict and \\unrestrict lines are "
    "skipped. Remove the line"
)
_OWNER_MIXED = "put OWNER TO in a statement of its own (ownership is ignored, the other changes are not)"
_SESSION_VALUE = "this session setting is accepted only with the value pg_dump writes ({expected})"

# --------------------------------------------------------------------------------------------------------
# Rules. Every refusal names one; the platform (never the document) may waive the overridable ones with
# ``--allow RULE`` (extensions: ``--allow-extension NAME``). docs/sql-allow-list.md has the table.


@dataclasses.dataclass(frozen=True)
class Rule:
    """A guard rule: what ``--allow`` takes, whether it may be waived, and what waiving it needs."""

    name: str
    overridable: bool
    privileged: bool = False  # what it lets through needs more rights than an ordinary role (superuser)


STATEMENT_KIND = "statement-kind"  # rule names "statement-kind:<kind>", e.g. statement-kind:create-access-method
EXTENSION_RULE = "extension-not-allowed"

RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule("do-block", True),
        Rule("dynamic-sql", True),
        Rule("unanalysable-body", True),
        Rule("grant-to-public", True),
        Rule("untrusted-language", True, privileged=True),
        Rule("c-language", True, privileged=True),
        Rule("leakproof", True, privileged=True),
        Rule("security-definer-search-path", True),
        Rule("routine-setting", True),
        Rule("extension-cascade", True),
        Rule(EXTENSION_RULE, True, privileged=True),
        Rule("default-privileges", True),
        Rule("create-rule", True),
        Rule("refresh-materialized-view", True),
        Rule("create-table-as", True),
        Rule("data-change", True),
        Rule("top-level-query", True),
        Rule("session-setting", True),
        Rule("schema-authorization", True),
        Rule(STATEMENT_KIND, True),
        Rule("invalid-body", False),
        Rule("no-language", False),
        Rule("forbidden-function", False),
        Rule("system-schema", False),
        Rule("temporary-object", False),
        Rule("tablespace", False),
        Rule("copy", False),
        Rule("server-config", False),
        Rule("set-role", False),
        Rule("role-management", False),
        Rule("database", False),
        Rule("create-language", False),
        Rule("load-library", False),
        Rule("foreign-data", False),
        Rule("replication", False),
        Rule("transaction-control", False),
        Rule("maintenance", False),
        Rule("session-command", False),
        Rule("security-label", False),
        Rule("event-trigger", False),
        Rule("owner", False),
        Rule("psql-meta-command", False),
    )
}


def rule_of(name: str) -> Rule | None:
    """The rule ``name`` (``statement-kind:<kind>`` names the statement-kind rule), or None if unknown."""
    return RULES.get(STATEMENT_KIND if name.startswith(STATEMENT_KIND + ":") else name)


def override_flag(rule: str, extension: str = "") -> str:
    """The flag that waives ``rule`` (``--allow do-block``), or "" when it cannot be waived."""
    if rule == EXTENSION_RULE:
        return f"--allow-extension {extension or 'NAME'}"
    known = rule_of(rule)
    return f"--allow {rule}" if known is not None and known.overridable else ""


def _kind_rule(kind: str) -> str:
    """The statement-kind rule for a kind in words: 'CREATE ACCESS METHOD' → 'statement-kind:create-access-method'."""
    words = re.sub(r"[^a-z0-9]+", "-", kind.lower()).strip("-")
    return f"{STATEMENT_KIND}:{words}"


@dataclasses.dataclass(frozen=True)
class Overrides:
    """What the platform allows beyond the defaults: rules (``--allow``) and extensions (``--allow-extension``).

    Set by whoever runs schemawright (CLI flags, operator flags or environment, Helm values), never by a document.
    """

    rules: frozenset[str] = frozenset()
    extensions: frozenset[str] = frozenset()
    short_refresh: bool = False  # spec.refresh[].every under one minute (--allow-short-refresh)

    @property
    def allowed_extensions(self) -> frozenset[str]:
        """The default extension allow-list plus the platform's additions."""
        return DEFAULT_EXTENSIONS | self.extensions


def overrides(rules: Iterable[str] = (), extensions: Iterable[str] = ()) -> Overrides:
    """Overrides from flag values; ValueError naming a rule that does not exist or cannot be waived."""
    names = frozenset(r.strip() for r in rules if r.strip())
    for name in sorted(names):
        rule = rule_of(name)
        if rule is None or name == STATEMENT_KIND:
            waivable = ", ".join(sorted(n for n, r in RULES.items() if r.overridable and n != STATEMENT_KIND))
            raise ValueError(f"unknown guard rule {name!r}; rules that may be allowed: {waivable}, "
                             f"{STATEMENT_KIND}:<kind> (docs/sql-allow-list.md)")
        if not rule.overridable:
            raise ValueError(f"guard rule {name!r} cannot be overridden (docs/sql-allow-list.md says why)")
    return Overrides(rules=names, extensions=frozenset(e.strip() for e in extensions if e.strip()))


# --------------------------------------------------------------------------------------------------------
# Forbidden functions: anywhere in an allowed statement (defaults, checks, views, policies, function
# bodies), a call of — or a GRANT, ALTER or trigger naming — one of these is rejected.

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


_FORBIDDEN_WORDS = re.compile("|".join(re.escape(word) for word in (*_FORBIDDEN_FUNCTIONS, *_FORBIDDEN_PREFIXES)))


def _forbidden_function(name: str) -> str | None:
    """Why calling ``name`` (unqualified, any case) is forbidden, or None when it is fine."""
    name = name.lower()
    if name in _FORBIDDEN_FUNCTIONS:
        return _FORBIDDEN_FUNCTIONS[name]
    return next((why for prefix, why in _FORBIDDEN_PREFIXES.items() if name.startswith(prefix)), None)


# --------------------------------------------------------------------------------------------------------
# Object types, by the statements that name them.

_OBJ = pb.ObjectType
_MESSAGE_FIELD = FieldDescriptor.TYPE_MESSAGE

# Objects a schema is made of: they may be dropped, renamed, moved, commented on.
_SCHEMA_OBJECTS: frozenset[int] = frozenset(
    {
        _OBJ.OBJECT_TABLE,
        _OBJ.OBJECT_COLUMN,
        _OBJ.OBJECT_INDEX,
        _OBJ.OBJECT_VIEW,
        _OBJ.OBJECT_MATVIEW,
        _OBJ.OBJECT_SEQUENCE,
        _OBJ.OBJECT_TYPE,
        _OBJ.OBJECT_DOMAIN,
        _OBJ.OBJECT_FUNCTION,
        _OBJ.OBJECT_PROCEDURE,
        _OBJ.OBJECT_ROUTINE,
        _OBJ.OBJECT_TRIGGER,
        _OBJ.OBJECT_POLICY,
        _OBJ.OBJECT_SCHEMA,
        _OBJ.OBJECT_TABCONSTRAINT,
        _OBJ.OBJECT_DOMCONSTRAINT,
        _OBJ.OBJECT_ATTRIBUTE,
        _OBJ.OBJECT_EXTENSION,
        _OBJ.OBJECT_COLLATION,
        _OBJ.OBJECT_STATISTIC_EXT,
        _OBJ.OBJECT_RULE,
        _OBJ.OBJECT_AGGREGATE,
        _OBJ.OBJECT_OPERATOR,
        _OBJ.OBJECT_OPCLASS,
        _OBJ.OBJECT_OPFAMILY,
        _OBJ.OBJECT_TSCONFIGURATION,
        _OBJ.OBJECT_TSDICTIONARY,
        _OBJ.OBJECT_CAST,
    }
)
# Objects privileges may be granted on (column privileges are table grants with a column list).
_GRANTABLE: frozenset[int] = frozenset(
    {
        _OBJ.OBJECT_TABLE,
        _OBJ.OBJECT_SEQUENCE,
        _OBJ.OBJECT_FUNCTION,
        _OBJ.OBJECT_PROCEDURE,
        _OBJ.OBJECT_ROUTINE,
        _OBJ.OBJECT_SCHEMA,
        _OBJ.OBJECT_TYPE,
        _OBJ.OBJECT_DOMAIN,
    }
)
# What ALTER TABLE / INDEX / VIEW / MATERIALIZED VIEW / SEQUENCE / TYPE (composite) may change.
_ALTERABLE: frozenset[int] = frozenset(
    {
        _OBJ.OBJECT_TABLE,
        _OBJ.OBJECT_INDEX,
        _OBJ.OBJECT_VIEW,
        _OBJ.OBJECT_MATVIEW,
        _OBJ.OBJECT_SEQUENCE,
        _OBJ.OBJECT_TYPE,
    }
)
# Why the other object types are off limits.
_OBJECT_REASONS: dict[int, str] = {
    _OBJ.OBJECT_ROLE: _ROLE,
    _OBJ.OBJECT_DATABASE: _DATABASE,
    _OBJ.OBJECT_TABLESPACE: _TABLESPACE,
    _OBJ.OBJECT_FDW: _FOREIGN,
    _OBJ.OBJECT_FOREIGN_SERVER: _FOREIGN,
    _OBJ.OBJECT_FOREIGN_TABLE: _FOREIGN,
    _OBJ.OBJECT_USER_MAPPING: _FOREIGN,
    _OBJ.OBJECT_EVENT_TRIGGER: _EVENT_TRIGGER,
    _OBJ.OBJECT_LANGUAGE: _LANGUAGE,
    _OBJ.OBJECT_PUBLICATION: _REPLICATION,
    _OBJ.OBJECT_PUBLICATION_NAMESPACE: _REPLICATION,
    _OBJ.OBJECT_PUBLICATION_REL: _REPLICATION,
    _OBJ.OBJECT_SUBSCRIPTION: _REPLICATION,
    _OBJ.OBJECT_PARAMETER_ACL: _SETTING,
}
_OBJECT_WORDS: dict[int, str] = {
    _OBJ.OBJECT_MATVIEW: "MATERIALIZED VIEW",
    _OBJ.OBJECT_FDW: "FOREIGN DATA WRAPPER",
    _OBJ.OBJECT_FOREIGN_SERVER: "SERVER",
    _OBJ.OBJECT_TABCONSTRAINT: "CONSTRAINT",
    _OBJ.OBJECT_DOMCONSTRAINT: "CONSTRAINT",
    _OBJ.OBJECT_STATISTIC_EXT: "STATISTICS",
    _OBJ.OBJECT_LARGEOBJECT: "LARGE OBJECT",
    _OBJ.OBJECT_PARAMETER_ACL: "PARAMETER",
    _OBJ.OBJECT_OPCLASS: "OPERATOR CLASS",
    _OBJ.OBJECT_OPFAMILY: "OPERATOR FAMILY",
    _OBJ.OBJECT_TSCONFIGURATION: "TEXT SEARCH CONFIGURATION",
    _OBJ.OBJECT_TSDICTIONARY: "TEXT SEARCH DICTIONARY",
    _OBJ.OBJECT_TSPARSER: "TEXT SEARCH PARSER",
    _OBJ.OBJECT_TSTEMPLATE: "TEXT SEARCH TEMPLATE",
    _OBJ.OBJECT_DEFACL: "DEFAULT PRIVILEGES",
    _OBJ.OBJECT_PUBLICATION_NAMESPACE: "PUBLICATION",
    _OBJ.OBJECT_PUBLICATION_REL: "PUBLICATION",
}


def _object_word(objtype: int) -> str:
    """The SQL words for an object type: OBJECT_MATVIEW → 'MATERIALIZED VIEW'."""
    if objtype in _OBJECT_WORDS:
        return _OBJECT_WORDS[objtype]
    return str(_OBJ.Name(objtype)).removeprefix("OBJECT_").replace("_", " ")


# --------------------------------------------------------------------------------------------------------
# Statement kinds in words.

_KIND_NAMES: dict[str, str] = {
    "view_stmt": "CREATE VIEW",
    "create_seq_stmt": "CREATE SEQUENCE",
    "alter_seq_stmt": "ALTER SEQUENCE",
    "create_enum_stmt": "CREATE TYPE ... AS ENUM",
    "alter_enum_stmt": "ALTER TYPE ... VALUE",
    "composite_type_stmt": "CREATE TYPE ... AS (composite)",
    "create_range_stmt": "CREATE TYPE ... AS RANGE",
    "create_domain_stmt": "CREATE DOMAIN",
    "alter_domain_stmt": "ALTER DOMAIN",
    "alter_function_stmt": "ALTER FUNCTION",
    "create_policy_stmt": "CREATE POLICY",
    "alter_policy_stmt": "ALTER POLICY",
    "create_schema_stmt": "CREATE SCHEMA",
    "create_extension_stmt": "CREATE EXTENSION",
    "alter_extension_stmt": "ALTER EXTENSION",
    "alter_extension_contents_stmt": "ALTER EXTENSION ... ADD/DROP",
    "create_stats_stmt": "CREATE STATISTICS",
    "alter_stats_stmt": "ALTER STATISTICS",
    "alter_collation_stmt": "ALTER COLLATION",
    "copy_stmt": "COPY",
    "do_stmt": "DO block",
    "alter_system_stmt": "ALTER SYSTEM",
    "createdb_stmt": "CREATE DATABASE",
    "alter_database_stmt": "ALTER DATABASE",
    "alter_database_set_stmt": "ALTER DATABASE ... SET",
    "alter_database_refresh_coll_stmt": "ALTER DATABASE ... REFRESH COLLATION VERSION",
    "dropdb_stmt": "DROP DATABASE",
    "alter_role_stmt": "ALTER ROLE",
    "alter_role_set_stmt": "ALTER ROLE ... SET",
    "drop_role_stmt": "DROP ROLE",
    "grant_role_stmt": "GRANT role membership",
    "reassign_owned_stmt": "REASSIGN OWNED",
    "drop_owned_stmt": "DROP OWNED",
    "create_table_space_stmt": "CREATE TABLESPACE",
    "drop_table_space_stmt": "DROP TABLESPACE",
    "alter_table_space_options_stmt": "ALTER TABLESPACE",
    "alter_table_move_all_stmt": "ALTER TABLE ALL IN TABLESPACE",
    "create_plang_stmt": "CREATE LANGUAGE",
    "load_stmt": "LOAD",
    "create_fdw_stmt": "CREATE FOREIGN DATA WRAPPER",
    "alter_fdw_stmt": "ALTER FOREIGN DATA WRAPPER",
    "create_foreign_server_stmt": "CREATE SERVER",
    "alter_foreign_server_stmt": "ALTER SERVER",
    "create_foreign_table_stmt": "CREATE FOREIGN TABLE",
    "create_user_mapping_stmt": "CREATE USER MAPPING",
    "alter_user_mapping_stmt": "ALTER USER MAPPING",
    "drop_user_mapping_stmt": "DROP USER MAPPING",
    "import_foreign_schema_stmt": "IMPORT FOREIGN SCHEMA",
    "create_publication_stmt": "CREATE PUBLICATION",
    "alter_publication_stmt": "ALTER PUBLICATION",
    "create_subscription_stmt": "CREATE SUBSCRIPTION",
    "alter_subscription_stmt": "ALTER SUBSCRIPTION",
    "drop_subscription_stmt": "DROP SUBSCRIPTION",
    "insert_stmt": "INSERT",
    "update_stmt": "UPDATE",
    "delete_stmt": "DELETE",
    "merge_stmt": "MERGE",
    "return_stmt": "RETURN",
    "truncate_stmt": "TRUNCATE",
    "cluster_stmt": "CLUSTER",
    "reindex_stmt": "REINDEX",
    "check_point_stmt": "CHECKPOINT",
    "listen_stmt": "LISTEN",
    "unlisten_stmt": "UNLISTEN",
    "notify_stmt": "NOTIFY",
    "prepare_stmt": "PREPARE",
    "execute_stmt": "EXECUTE",
    "deallocate_stmt": "DEALLOCATE",
    "call_stmt": "CALL",
    "explain_stmt": "EXPLAIN",
    "variable_show_stmt": "SHOW",
    "discard_stmt": "DISCARD",
    "lock_stmt": "LOCK",
    "constraints_set_stmt": "SET CONSTRAINTS",
    "declare_cursor_stmt": "DECLARE CURSOR",
    "fetch_stmt": "FETCH",
    "close_portal_stmt": "CLOSE",
    "sec_label_stmt": "SECURITY LABEL",
    "create_event_trig_stmt": "CREATE EVENT TRIGGER",
    "alter_event_trig_stmt": "ALTER EVENT TRIGGER",
    "alter_default_privileges_stmt": "ALTER DEFAULT PRIVILEGES",
    "rule_stmt": "CREATE RULE",
    "refresh_mat_view_stmt": "REFRESH MATERIALIZED VIEW",
    "create_cast_stmt": "CREATE CAST",
    "create_conversion_stmt": "CREATE CONVERSION",
    "create_transform_stmt": "CREATE TRANSFORM",
    "create_am_stmt": "CREATE ACCESS METHOD",
    "create_op_class_stmt": "CREATE OPERATOR CLASS",
    "create_op_family_stmt": "CREATE OPERATOR FAMILY",
    "alter_op_family_stmt": "ALTER OPERATOR FAMILY",
    "alter_operator_stmt": "ALTER OPERATOR",
    "alter_type_stmt": "ALTER TYPE ... SET",
    "alter_object_depends_stmt": "ALTER ... DEPENDS ON EXTENSION",
    "alter_tsdictionary_stmt": "ALTER TEXT SEARCH DICTIONARY",
    "alter_tsconfiguration_stmt": "ALTER TEXT SEARCH CONFIGURATION",
}
_TRANSACTION_WORDS: dict[int, str] = {
    pb.TRANS_STMT_BEGIN: "BEGIN",
    pb.TRANS_STMT_START: "START TRANSACTION",
    pb.TRANS_STMT_COMMIT: "COMMIT",
    pb.TRANS_STMT_ROLLBACK: "ROLLBACK",
    pb.TRANS_STMT_SAVEPOINT: "SAVEPOINT",
    pb.TRANS_STMT_RELEASE: "RELEASE SAVEPOINT",
    pb.TRANS_STMT_ROLLBACK_TO: "ROLLBACK TO SAVEPOINT",
    pb.TRANS_STMT_PREPARE: "PREPARE TRANSACTION",
    pb.TRANS_STMT_COMMIT_PREPARED: "COMMIT PREPARED",
    pb.TRANS_STMT_ROLLBACK_PREPARED: "ROLLBACK PREPARED",
}
_ROLE_WORDS: dict[int, str] = {pb.ROLESTMT_ROLE: "ROLE", pb.ROLESTMT_USER: "USER", pb.ROLESTMT_GROUP: "GROUP"}
_SETTING_WORDS: dict[str, str] = {"role": "ROLE", "session_authorization": "SESSION AUTHORIZATION"}
_PERSISTENCE_WORDS: dict[str, str] = {"t": "TEMPORARY ", "u": "UNLOGGED "}


def _kind_create_table(node: pb.Node) -> str:
    stmt = node.create_stmt
    kind = f"CREATE {_PERSISTENCE_WORDS.get(stmt.relation.relpersistence, '')}TABLE"
    return f"{kind} ... PARTITION OF" if stmt.HasField("partbound") else kind


def _kind_index(node: pb.Node) -> str:
    stmt = node.index_stmt
    unique = "UNIQUE " if stmt.unique else ""
    return f"CREATE {unique}INDEX{' CONCURRENTLY' if stmt.concurrent else ''}"


def _kind_view(node: pb.Node) -> str:
    return f"CREATE {_PERSISTENCE_WORDS.get(node.view_stmt.view.relpersistence, '')}VIEW"


def _kind_sequence(node: pb.Node) -> str:
    return f"CREATE {_PERSISTENCE_WORDS.get(node.create_seq_stmt.sequence.relpersistence, '')}SEQUENCE"


def _kind_table_as(node: pb.Node) -> str:
    stmt = node.create_table_as_stmt
    return "CREATE MATERIALIZED VIEW" if stmt.objtype == _OBJ.OBJECT_MATVIEW else "CREATE TABLE ... AS"


def _kind_select(node: pb.Node) -> str:
    stmt = node.select_stmt
    if stmt.HasField("into_clause"):
        return "SELECT INTO"
    return "VALUES" if len(stmt.values_lists) else "SELECT"


def _kind_function(node: pb.Node) -> str:
    return "CREATE PROCEDURE" if node.create_function_stmt.is_procedure else "CREATE FUNCTION"


def _kind_trigger(node: pb.Node) -> str:
    return "CREATE CONSTRAINT TRIGGER" if node.create_trig_stmt.isconstraint else "CREATE TRIGGER"


def _kind_drop(node: pb.Node) -> str:
    return f"DROP {_object_word(node.drop_stmt.remove_type)}"


def _kind_alter_table(node: pb.Node) -> str:
    return f"ALTER {_object_word(node.alter_table_stmt.objtype)}"


def _kind_rename(node: pb.Node) -> str:
    return f"ALTER {_object_word(node.rename_stmt.rename_type)} ... RENAME"


def _kind_owner(node: pb.Node) -> str:
    return f"ALTER {_object_word(node.alter_owner_stmt.object_type)} ... OWNER TO"


def _kind_set_schema(node: pb.Node) -> str:
    return f"ALTER {_object_word(node.alter_object_schema_stmt.object_type)} ... SET SCHEMA"


def _kind_comment(node: pb.Node) -> str:
    return f"COMMENT ON {_object_word(node.comment_stmt.objtype)}"


def _kind_define(node: pb.Node) -> str:
    return f"CREATE {_object_word(node.define_stmt.kind)}"


def _kind_grant(node: pb.Node) -> str:
    return "GRANT" if node.grant_stmt.is_grant else "REVOKE"


def _kind_role(node: pb.Node) -> str:
    return f"CREATE {_ROLE_WORDS.get(node.create_role_stmt.stmt_type, 'ROLE')}"


def _kind_transaction(node: pb.Node) -> str:
    return _TRANSACTION_WORDS.get(node.transaction_stmt.kind, "transaction control")


def _kind_vacuum(node: pb.Node) -> str:
    return "VACUUM" if node.vacuum_stmt.is_vacuumcmd else "ANALYZE"


def _kind_setting(node: pb.Node) -> str:
    stmt = node.variable_set_stmt
    if stmt.kind == pb.VAR_RESET_ALL:
        return "RESET ALL"
    name = _SETTING_WORDS.get(stmt.name.lower(), stmt.name)
    if stmt.kind == pb.VAR_SET_MULTI:
        return f"SET {name.upper()}"
    if stmt.kind == pb.VAR_RESET:
        return f"RESET {name}"
    return f"SET {'LOCAL ' if stmt.is_local else ''}{name}"


_KIND_REFINERS: dict[str, Callable[[pb.Node], str]] = {
    "create_stmt": _kind_create_table,
    "index_stmt": _kind_index,
    "view_stmt": _kind_view,
    "create_seq_stmt": _kind_sequence,
    "create_table_as_stmt": _kind_table_as,
    "select_stmt": _kind_select,
    "create_function_stmt": _kind_function,
    "create_trig_stmt": _kind_trigger,
    "drop_stmt": _kind_drop,
    "alter_table_stmt": _kind_alter_table,
    "rename_stmt": _kind_rename,
    "alter_owner_stmt": _kind_owner,
    "alter_object_schema_stmt": _kind_set_schema,
    "comment_stmt": _kind_comment,
    "define_stmt": _kind_define,
    "grant_stmt": _kind_grant,
    "create_role_stmt": _kind_role,
    "transaction_stmt": _kind_transaction,
    "vacuum_stmt": _kind_vacuum,
    "variable_set_stmt": _kind_setting,
}


def statement_kind(node: pb.Node) -> str:
    """The kind of a parsed statement in SQL words, e.g. 'CREATE UNIQUE INDEX CONCURRENTLY', 'DO block'.

    ``node`` is a statement ``Node`` as found in ``postgast.parse(sql).stmts[i].stmt``.
    """
    which = node.WhichOneof("node")
    if which is None:
        return "empty statement"
    if which in _KIND_REFINERS:
        return _KIND_REFINERS[which](node)
    if which in _KIND_NAMES:
        return _KIND_NAMES[which]
    info = postgast.classify_statement(node)
    if info is None or info.action == "UNKNOWN":
        return str(which).removesuffix("_stmt").replace("_", " ").upper()
    return f"{info.action} {info.object_type}" if info.object_type else info.action


# --------------------------------------------------------------------------------------------------------
# The checks.


class _Reject(Exception):
    """A statement is not allowed: what it is, why, and the rule (located by the caller)."""

    def __init__(self, kind: str, reason: str, rule: str, extension: str = "") -> None:
        super().__init__(f"{kind}: {reason}")
        self.kind = kind
        self.reason = reason
        self.rule = rule
        self.extension = extension


@dataclasses.dataclass
class _Context:
    """What the checks need besides the statement."""

    allowed_extensions: frozenset[str]
    allowed_rules: frozenset[str] = frozenset()
    in_body: bool = False  # inside a function body, where data changes are allowed
    waived: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (kind, rule) allowed by override
    notes: list[str] = dataclasses.field(default_factory=list)  # what a user should know about a statement
    text: str = ""  # the whole statement, lower case ("" when unknown): lets checks skip walks (see _may_contain)
    original: str = ""  # the whole statement as written
    nested: bool = False  # checking a statement inside another (a body, a schema element), not the statement itself
    walked: dict[int, tuple[Message, list[Message]]] = dataclasses.field(default_factory=dict)  # _walk's memory
    dynamic_triggers: list[str] = dataclasses.field(default_factory=list)  # trigger functions with allowed dynamic SQL


def _may_contain(ctx: _Context, words: re.Pattern[str]) -> bool:
    """Whether the statement's text may hold one of ``words`` (lower case), so its tree must be searched.

    A word cannot reach the parse tree without being in the text, unless escaped: a backslash (E'' strings)
    or U& (Unicode escapes) in the text, or an unknown text, means "search".
    """
    text = ctx.text
    return not text or "\\" in text or "u&" in text or words.search(text) is not None


_DML_WORDS = re.compile(r"\b(?:insert|update|delete|merge)\b")
_TABLESPACE_WORD = re.compile("tablespace")
# Statements that hold a query, where a data-modifying WITH could hide (elsewhere the grammar has no place
# for one; a rule's actions run later, when the rule fires, not when it is created).
_QUERY_HOLDERS = frozenset({"view_stmt", "create_table_as_stmt", "select_stmt"})


def _refuse(ctx: _Context, kind: str, reason: str, rule: str) -> bool:
    """Raise _Reject for ``rule`` unless the platform waived it; True (and recorded) when waived."""
    known = rule_of(rule)
    if rule in ctx.allowed_rules and known is not None and known.overridable:
        ctx.waived.append((kind, rule))
        return True
    raise _Reject(kind, reason, rule)


_Check = Callable[[pb.Node, _Context], None]

# Statements rejected at the top level with a specific reason, and their rule.
_REJECTED: dict[str, tuple[str, str]] = {
    "select_stmt": (_SELECT, "top-level-query"),
    "insert_stmt": (_DML, "data-change"),
    "update_stmt": (_DML, "data-change"),
    "delete_stmt": (_DML, "data-change"),
    "merge_stmt": (_DML, "data-change"),
    "return_stmt": (_SELECT, "top-level-query"),
    "copy_stmt": (_COPY, "copy"),
    "do_stmt": (_DO, "do-block"),
    "alter_system_stmt": (_ALTER_SYSTEM, "server-config"),
    "create_role_stmt": (_ROLE, "role-management"),
    "alter_role_stmt": (_ROLE, "role-management"),
    "alter_role_set_stmt": (_ROLE, "role-management"),
    "drop_role_stmt": (_ROLE, "role-management"),
    "grant_role_stmt": (_ROLE, "role-management"),
    "reassign_owned_stmt": (_ROLE, "role-management"),
    "drop_owned_stmt": (_ROLE, "role-management"),
    "createdb_stmt": (_DATABASE, "database"),
    "alter_database_stmt": (_DATABASE, "database"),
    "alter_database_set_stmt": (_DATABASE, "database"),
    "alter_database_refresh_coll_stmt": (_DATABASE, "database"),
    "dropdb_stmt": (_DATABASE, "database"),
    "create_table_space_stmt": (_TABLESPACE, "tablespace"),
    "drop_table_space_stmt": (_TABLESPACE, "tablespace"),
    "alter_table_space_options_stmt": (_TABLESPACE, "tablespace"),
    "alter_table_move_all_stmt": (_TABLESPACE, "tablespace"),
    "create_plang_stmt": (_LANGUAGE, "create-language"),
    "load_stmt": (_LOAD, "load-library"),
    "create_fdw_stmt": (_FOREIGN, "foreign-data"),
    "alter_fdw_stmt": (_FOREIGN, "foreign-data"),
    "create_foreign_server_stmt": (_FOREIGN, "foreign-data"),
    "alter_foreign_server_stmt": (_FOREIGN, "foreign-data"),
    "create_foreign_table_stmt": (_FOREIGN, "foreign-data"),
    "create_user_mapping_stmt": (_FOREIGN, "foreign-data"),
    "alter_user_mapping_stmt": (_FOREIGN, "foreign-data"),
    "drop_user_mapping_stmt": (_FOREIGN, "foreign-data"),
    "import_foreign_schema_stmt": (_FOREIGN, "foreign-data"),
    "create_publication_stmt": (_REPLICATION, "replication"),
    "alter_publication_stmt": (_REPLICATION, "replication"),
    "create_subscription_stmt": (_REPLICATION, "replication"),
    "alter_subscription_stmt": (_REPLICATION, "replication"),
    "drop_subscription_stmt": (_REPLICATION, "replication"),
    "transaction_stmt": (_TRANSACTION, "transaction-control"),
    "vacuum_stmt": (_MAINTENANCE, "maintenance"),
    "cluster_stmt": (_MAINTENANCE, "maintenance"),
    "reindex_stmt": (_MAINTENANCE, "maintenance"),
    "check_point_stmt": (_MAINTENANCE, "maintenance"),
    "truncate_stmt": (_TRUNCATE, "data-change"),
    "listen_stmt": (_MESSAGING, "session-command"),
    "unlisten_stmt": (_MESSAGING, "session-command"),
    "notify_stmt": (_MESSAGING, "session-command"),
    "prepare_stmt": (_PREPARED, "session-command"),
    "execute_stmt": (_PREPARED, "session-command"),
    "deallocate_stmt": (_PREPARED, "session-command"),
    "call_stmt": (_CALL, "session-command"),
    "lock_stmt": (_LOCK, "session-command"),
    "explain_stmt": (_SESSION, "session-command"),
    "variable_show_stmt": (_SESSION, "session-command"),
    "discard_stmt": (_SESSION, "session-command"),
    "constraints_set_stmt": (_SESSION, "session-command"),
    "declare_cursor_stmt": (_SESSION, "session-command"),
    "fetch_stmt": (_SESSION, "session-command"),
    "close_portal_stmt": (_SESSION, "session-command"),
    "sec_label_stmt": (_SECURITY_LABEL, "security-label"),
    "create_event_trig_stmt": (_EVENT_TRIGGER, "event-trigger"),
    "alter_event_trig_stmt": (_EVENT_TRIGGER, "event-trigger"),
    "alter_default_privileges_stmt": (_DEFAULT_PRIVILEGES, "default-privileges"),
    "rule_stmt": (_RULE, "create-rule"),
    "refresh_mat_view_stmt": (_REFRESH, "refresh-materialized-view"),
}
# Why the other object types are off limits (a reason from _OBJECT_REASONS), by rule.
_OBJECT_RULES: dict[int, str] = {
    _OBJ.OBJECT_ROLE: "role-management",
    _OBJ.OBJECT_DATABASE: "database",
    _OBJ.OBJECT_TABLESPACE: "tablespace",
    _OBJ.OBJECT_FDW: "foreign-data",
    _OBJ.OBJECT_FOREIGN_SERVER: "foreign-data",
    _OBJ.OBJECT_FOREIGN_TABLE: "foreign-data",
    _OBJ.OBJECT_USER_MAPPING: "foreign-data",
    _OBJ.OBJECT_EVENT_TRIGGER: "event-trigger",
    _OBJ.OBJECT_LANGUAGE: "create-language",
    _OBJ.OBJECT_PUBLICATION: "replication",
    _OBJ.OBJECT_PUBLICATION_NAMESPACE: "replication",
    _OBJ.OBJECT_PUBLICATION_REL: "replication",
    _OBJ.OBJECT_SUBSCRIPTION: "replication",
    _OBJ.OBJECT_PARAMETER_ACL: "session-setting",
}


def _refuse_object(ctx: _Context, objtype: int, kind: str) -> bool:
    """Refuse a statement about an object type that is not part of a schema (by the object's own rule)."""
    if objtype in _OBJECT_REASONS:
        return _refuse(ctx, kind, _OBJECT_REASONS[objtype], _OBJECT_RULES[objtype])
    return _refuse(ctx, kind, _NOT_LISTED, _kind_rule(kind))


# Which SET / RESET gets which reason and rule (by parameter name; others: _SETTING, session-setting).
_SETTING_REFUSALS: dict[str, tuple[str, str]] = {
    "role": (_SET_ROLE, "set-role"),
    "session_authorization": (_SET_ROLE, "set-role"),
    "transaction": (_TRANSACTION, "transaction-control"),
    "session characteristics": (_TRANSACTION, "transaction-control"),
}
# The session settings pg_dump writes at the top of a dump (and search_path): accepted at the top level of a
# script and run in the shadow's session, which ends with the build. None: any value; else the values accepted
# (lower case) — a value that would change how the guard reads the script (standard_conforming_strings = off,
# another client encoding) or name a tablespace stays refused.
_SESSION_SETTINGS: dict[str, frozenset[str] | None] = {
    "statement_timeout": None,
    "lock_timeout": None,
    "idle_in_transaction_session_timeout": None,
    "transaction_timeout": None,
    "client_encoding": frozenset({"utf8", "utf-8", "unicode"}),
    "standard_conforming_strings": frozenset({"on", "true"}),
    "check_function_bodies": None,
    "xmloption": None,
    "client_min_messages": None,
    "row_security": None,
    "default_tablespace": frozenset({""}),
    "default_table_access_method": None,
    "default_toast_compression": None,
    "escape_string_warning": None,
    "default_with_oids": frozenset({"false", "off"}),
    "search_path": None,
}
# Allowed inside function bodies (checked for forbidden calls like everything else), not at the top level.
_BODY_STATEMENTS: frozenset[str] = frozenset(
    {
        "select_stmt",
        "insert_stmt",
        "update_stmt",
        "delete_stmt",
        "merge_stmt",
        "return_stmt",
        "truncate_stmt",
        "notify_stmt",
        "lock_stmt",
        "call_stmt",
    }
)
# Functions may only be written in these.
_TRUSTED_LANGUAGES: frozenset[str] = frozenset({"sql", "plpgsql"})
_NATIVE_LANGUAGES: frozenset[str] = frozenset({"c", "internal"})
# Parameters a function's SET clause may fix.
_ROUTINE_SETTINGS: frozenset[str] = frozenset(
    {
        "search_path",
        "timezone",
        "datestyle",
        "intervalstyle",
        "extra_float_digits",
        "statement_timeout",
        "lock_timeout",
        "idle_in_transaction_session_timeout",
        "work_mem",
        "maintenance_work_mem",
        "plpgsql.variable_conflict",
    }
)
# ALTER TABLE sub-commands that are not allowed: the words to show, why, and the rule.
_ALTER_TABLE_REJECTED: dict[int, tuple[str, str, str]] = {
    pb.AT_SetTableSpace: ("SET TABLESPACE", _TABLESPACE, "tablespace"),
    pb.AT_GenericOptions: ("OPTIONS", _FOREIGN, "foreign-data"),
    pb.AT_AlterColumnGenericOptions: ("ALTER COLUMN ... OPTIONS", _FOREIGN, "foreign-data"),
}


def _refuse_unlisted(node: pb.Node, which: str, ctx: _Context) -> bool:
    """Refuse a statement kind without a checker, by its own rule (statement-kind:<kind> for the rest)."""
    kind = statement_kind(node)
    if which in _REJECTED:
        reason, rule = _REJECTED[which]
    else:
        reason, rule = _NOT_LISTED, _kind_rule(kind)
    return _refuse(ctx, kind, reason, rule)


def _check_node(node: pb.Node, ctx: _Context) -> None:
    """Raise _Reject unless ``node`` (one statement) is allowed, with everything it contains."""
    which = node.WhichOneof("node")
    if which is None:
        raise _Reject("empty statement", _NOT_LISTED, _kind_rule("empty statement"))
    if not (ctx.in_body and which in _BODY_STATEMENTS):
        check = _CHECKS.get(which)
        if check is None:
            _refuse_unlisted(node, which, ctx)
        else:
            check(node, ctx)
    kind = statement_kind(node)
    _reject_system_targets(node, which, kind)
    if not ctx.in_body and which in _QUERY_HOLDERS and _may_contain(ctx, _DML_WORDS):
        _reject_nested_dml(node, kind, ctx)
    # pg_dump's set_config line is the one call allowed
    if (ctx.in_body or not _is_dump_search_path(node)) and _may_contain(ctx, _FORBIDDEN_WORDS):
        _check_calls(node, kind, ctx)


def _setting_values(stmt: pb.VariableSetStmt) -> list[str]:
    """The values of SET name = v1, v2 as lower-case text."""
    values = []
    for arg in stmt.args:
        const = arg.a_const
        which = const.WhichOneof("val")
        if which == "sval":
            values.append(str(const.sval.sval).lower())
        elif which == "ival":
            values.append(str(const.ival.ival))
        elif which == "fval":
            values.append(str(const.fval.fval).lower())
        elif which == "boolval":
            values.append(str(const.boolval.boolval).lower())
        else:
            values.append("")
    return values


def _check_setting(node: pb.Node, ctx: _Context) -> None:
    """SET / RESET: the harmless session settings of a pg_dump preamble pass; everything else is refused."""
    stmt, kind = node.variable_set_stmt, statement_kind(node)
    name = stmt.name.lower()
    if name in _SETTING_REFUSALS:
        reason, rule = _SETTING_REFUSALS[name]
        _refuse(ctx, kind, reason, rule)
        return
    accepted = _SESSION_SETTINGS.get(name, frozenset())
    if ctx.in_body or stmt.kind == pb.VAR_RESET_ALL or name not in _SESSION_SETTINGS:
        _refuse(ctx, kind, _SETTING, "session-setting")
        return
    if stmt.kind == pb.VAR_SET_VALUE and accepted is not None and not set(_setting_values(stmt)) <= accepted:
        if name == "default_tablespace":
            _refuse(ctx, kind, _TABLESPACE + " (pg_dump --no-tablespaces leaves it out)", "tablespace")
            return
        expected = " or ".join(repr(v) for v in sorted(accepted))
        _refuse(ctx, kind, _SESSION_VALUE.format(expected=expected), "session-setting")


def _is_dump_search_path(node: pb.Node) -> bool:
    """``SELECT pg_catalog.set_config('search_path', '<text>', false)``, exactly as pg_dump writes it."""
    if not node.HasField("select_stmt"):
        return False
    select = node.select_stmt
    fields = {descriptor.name for descriptor, _value in select.ListFields()}
    if not fields <= _SELECT_OF_ONE_EXPRESSION or len(select.target_list) != 1:
        return False
    call = select.target_list[0].res_target.val.func_call
    if _names(call.funcname) not in (["set_config"], ["pg_catalog", "set_config"]) or len(call.args) != 3:
        return False
    name, value, local = (arg.a_const for arg in call.args)
    return (name.sval.sval == "search_path" and value.WhichOneof("val") == "sval"
            and local.WhichOneof("val") == "boolval" and not local.boolval.boolval)


def _check_select(node: pb.Node, ctx: _Context) -> None:
    """A top-level query is refused, except pg_dump's set_config('search_path', ...) line."""
    if not _is_dump_search_path(node):
        _refuse_unlisted(node, "select_stmt", ctx)


# The fields an INSERT ... VALUES of constant rows sets (Rails' structure.sql ends with one for schema_migrations).
_VALUES_ONLY = frozenset({"values_lists", "limit_option", "op"})


def _is_constant_rows(node: pb.Node) -> bool:
    """``INSERT INTO t [(columns)] VALUES (<constants>), ...``: no WITH, ON CONFLICT, RETURNING or expressions."""
    stmt = node.insert_stmt
    if stmt.HasField("with_clause") or stmt.HasField("on_conflict_clause") or stmt.HasField("returning_clause"):
        return False
    select = stmt.select_stmt.select_stmt
    if not {descriptor.name for descriptor, _value in select.ListFields()} <= _VALUES_ONLY:
        return False
    values = [item for row in select.values_lists for item in row.list.items]
    return all(item.HasField("a_const") or (item.HasField("type_cast") and item.type_cast.arg.HasField("a_const"))
               for item in values)


def _check_insert(node: pb.Node, ctx: _Context) -> None:
    """Rows of constants are accepted and not applied (schemawright manages the schema, not rows); other
    INSERTs are refused (rule data-change)."""
    if not _is_constant_rows(node):
        _refuse_unlisted(node, "insert_stmt", ctx)


def _check_owner(node: pb.Node, ctx: _Context) -> None:
    """ALTER ... OWNER TO is accepted and ignored (ownership is not managed); only for schema objects."""
    stmt = node.alter_owner_stmt
    if stmt.object_type not in _SCHEMA_OBJECTS:
        _refuse_object(ctx, stmt.object_type, statement_kind(node))


def _allow(node: pb.Node, ctx: _Context) -> None:
    """Allowed as it is (forbidden calls inside are still checked by the caller)."""


_DML_NODES = (pb.InsertStmt, pb.UpdateStmt, pb.DeleteStmt, pb.MergeStmt)
_DML_TYPES = frozenset(_DML_NODES)  # type(m) in a set: isinstance on protobuf classes is slow


def _messages(tree: Message) -> list[Message]:
    """Every message in ``tree`` (itself first), depth first, ``Node`` wrappers unwrapped.

    Like postgast.walk, without its per-node generators: a 1 MB dump walks each statement several times.
    Results are kept while one statement is checked (see :func:`_walk`).
    """
    found: list[Message] = []
    stack: list[Message] = [tree]
    while stack:
        message = stack.pop()
        if type(message) is pb.Node:
            which = message.WhichOneof("node")
            if which is None:
                continue
            message = getattr(message, which)
        found.append(message)
        children: list[Message] = []
        for descriptor, value in message.ListFields():
            if descriptor.type != _MESSAGE_FIELD:
                continue
            if descriptor.is_repeated:  # (isinstance against the abstract Message is slow)
                children.extend(value)
            else:
                children.append(value)
        stack.extend(reversed(children))
    return found


def _walk(tree: Message, ctx: _Context | None = None) -> list[Message]:
    """:func:`_messages` of ``tree``, remembered in ``ctx`` while one statement is checked."""
    if ctx is None:
        return _messages(tree)
    cached = ctx.walked.get(id(tree))
    if cached is None or cached[0] is not tree:
        cached = (tree, _messages(tree))
        ctx.walked[id(tree)] = cached
    return cached[1]


def _reject_nested_dml(node: pb.Node, kind: str, ctx: _Context) -> None:
    """Reject data changes hidden inside a definition (WITH d AS (DELETE ...) in a materialized view)."""
    if any(type(message) in _DML_TYPES for message in _walk(node, ctx)):
        _refuse(ctx, kind, _NESTED_DML, "data-change")


def _is_system_schema(name: str) -> bool:
    """Schemas named pg_* are reserved for PostgreSQL, and so is information_schema."""
    name = name.lower()
    return name.startswith("pg_") or name == "information_schema"


def _names(nodes: Iterable[pb.Node]) -> list[str]:
    """The parts of a qualified name given as String nodes."""
    return [str(n.string.sval) for n in nodes]


def _qualifier(nodes: Iterable[pb.Node]) -> list[str]:
    """The schema of a qualified name (as a one-element list), or [] when it is unqualified."""
    names = _names(nodes)
    return names[-2:-1]


def _relation_schema(relation: pb.RangeVar) -> list[str]:
    return [relation.schemaname] if relation.schemaname else []


def _extension_schemas(node: pb.Node) -> list[str]:
    if node.create_extension_stmt.extname == _BUILTIN_EXTENSION:
        return []  # plpgsql lives in pg_catalog: CREATE EXTENSION plpgsql WITH SCHEMA pg_catalog is a no-op
    elems = _def_elems(node.create_extension_stmt.options)
    return [str(e.arg.string.sval) for e in elems if e.defname == "schema"]


# The schema each kind of definition creates or changes its object in (unqualified names land in the
# first schema of the search path, never in pg_catalog).
_TARGET_SCHEMAS: dict[str, Callable[[pb.Node], list[str]]] = {
    "create_stmt": lambda n: _relation_schema(n.create_stmt.relation),
    "view_stmt": lambda n: _relation_schema(n.view_stmt.view),
    "create_table_as_stmt": lambda n: _relation_schema(n.create_table_as_stmt.into.rel),
    "create_seq_stmt": lambda n: _relation_schema(n.create_seq_stmt.sequence),
    "index_stmt": lambda n: _relation_schema(n.index_stmt.relation),
    "alter_table_stmt": lambda n: _relation_schema(n.alter_table_stmt.relation),
    "create_trig_stmt": lambda n: _relation_schema(n.create_trig_stmt.relation),
    "create_policy_stmt": lambda n: _relation_schema(n.create_policy_stmt.table),
    "create_function_stmt": lambda n: _qualifier(n.create_function_stmt.funcname),
    "alter_function_stmt": lambda n: _qualifier(n.alter_function_stmt.func.objname),
    "create_enum_stmt": lambda n: _qualifier(n.create_enum_stmt.type_name),
    "alter_enum_stmt": lambda n: _qualifier(n.alter_enum_stmt.type_name),
    "create_range_stmt": lambda n: _qualifier(n.create_range_stmt.type_name),
    "composite_type_stmt": lambda n: _relation_schema(n.composite_type_stmt.typevar),
    "create_domain_stmt": lambda n: _qualifier(n.create_domain_stmt.domainname),
    "alter_domain_stmt": lambda n: _qualifier(n.alter_domain_stmt.type_name),
    "define_stmt": lambda n: _qualifier(n.define_stmt.defnames),
    "create_stats_stmt": lambda n: _qualifier(n.create_stats_stmt.defnames),
    "create_op_class_stmt": lambda n: _qualifier(n.create_op_class_stmt.opclassname),
    "create_op_family_stmt": lambda n: _qualifier(n.create_op_family_stmt.opfamilyname),
    "alter_object_schema_stmt": lambda n: [n.alter_object_schema_stmt.newschema],
    "create_schema_stmt": lambda n: [n.create_schema_stmt.schemaname],
    "create_extension_stmt": _extension_schemas,
}


def _reject_system_targets(node: pb.Node, which: str, kind: str) -> None:
    """Reject a definition placed in (or moved into) a system schema such as pg_catalog."""
    targets = _TARGET_SCHEMAS.get(which)
    for schema in targets(node) if targets else []:
        if _is_system_schema(schema):
            raise _Reject(f"{kind} in {schema}", _SYSTEM_SCHEMA, "system-schema")


def _check_calls(node: pb.Node, kind: str, ctx: _Context) -> None:
    """Reject the first reference to a forbidden function anywhere in the statement."""
    found = next(_forbidden_references(node, ctx), None)
    if found is not None:
        name, why, _location = found
        raise _Reject(kind, f"it calls {name}(), which {why}", "forbidden-function")


def _forbidden_references(tree: pb.Node, ctx: _Context | None = None) -> Iterator[tuple[str, str, int]]:
    """(name, reason, byte location or -1) of each forbidden function named in ``tree``.

    Function calls anywhere, and the functions named by GRANT/ALTER/DROP/COMMENT ON FUNCTION and by
    CREATE TRIGGER ... EXECUTE FUNCTION.
    """
    for message in _walk(tree, ctx):
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
            why = _forbidden_function(name)
            if why is not None:
                yield name, why, location


def _reject_temporary(relation: pb.RangeVar, kind: str) -> None:
    if relation.relpersistence == "t":
        raise _Reject(kind, _TEMPORARY, "temporary-object")


def _reject_tablespace(tablespace: str, kind: str) -> None:
    if tablespace:
        raise _Reject(f"{kind} ... TABLESPACE {tablespace}", _TABLESPACE + " (pg_dump --no-tablespaces leaves it out)",
                      "tablespace")


def _reject_constraint_tablespaces(node: pb.Node, kind: str, ctx: _Context) -> None:
    """Constraints may name a tablespace for their index (USING INDEX TABLESPACE)."""
    if not _may_contain(ctx, _TABLESPACE_WORD):
        return
    for constraint in (m for m in _walk(node, ctx) if type(m) is pb.Constraint):
        _reject_tablespace(constraint.indexspace, kind)


def _check_create_table(node: pb.Node, ctx: _Context) -> None:
    stmt, kind = node.create_stmt, statement_kind(node)
    _reject_temporary(stmt.relation, kind)
    _reject_tablespace(stmt.tablespacename, kind)
    _reject_constraint_tablespaces(node, kind, ctx)


def _check_index(node: pb.Node, ctx: _Context) -> None:
    _reject_tablespace(node.index_stmt.table_space, statement_kind(node))


def _check_view(node: pb.Node, ctx: _Context) -> None:
    _reject_temporary(node.view_stmt.view, statement_kind(node))


def _check_sequence(node: pb.Node, ctx: _Context) -> None:
    _reject_temporary(node.create_seq_stmt.sequence, statement_kind(node))


def _check_table_as(node: pb.Node, ctx: _Context) -> None:
    """CREATE MATERIALIZED VIEW is a definition; CREATE TABLE ... AS copies data."""
    stmt, kind = node.create_table_as_stmt, statement_kind(node)
    _reject_temporary(stmt.into.rel, kind)
    if stmt.objtype != _OBJ.OBJECT_MATVIEW:
        _refuse(ctx, kind, _TABLE_AS, "create-table-as")
    _reject_tablespace(stmt.into.table_space_name, kind)


def _is_owner_change(stmt: pb.AlterTableStmt) -> bool:
    """ALTER TABLE/VIEW/SEQUENCE/... x OWNER TO r and nothing else (as pg_dump writes it)."""
    return bool(stmt.cmds) and all(cmd.alter_table_cmd.subtype == pb.AT_ChangeOwner for cmd in stmt.cmds)


def _check_alter_table(node: pb.Node, ctx: _Context) -> None:
    stmt, kind = node.alter_table_stmt, statement_kind(node)
    if stmt.objtype not in _ALTERABLE:
        _refuse_object(ctx, stmt.objtype, kind)
    owner = [cmd for cmd in stmt.cmds if cmd.alter_table_cmd.subtype == pb.AT_ChangeOwner]
    if owner and len(owner) != len(stmt.cmds):
        raise _Reject(f"{kind} ... OWNER TO", _OWNER_MIXED, "owner")
    for cmd in stmt.cmds:
        rejected = _ALTER_TABLE_REJECTED.get(cmd.alter_table_cmd.subtype)
        if rejected is not None:
            words, why, rule = rejected
            raise _Reject(f"{kind} ... {words}", why, rule)
    _reject_constraint_tablespaces(node, kind, ctx)


def _check_schema_object(objtype: int, kind: str, ctx: _Context) -> None:
    if objtype not in _SCHEMA_OBJECTS:
        _refuse_object(ctx, objtype, kind)


def _check_drop(node: pb.Node, ctx: _Context) -> None:
    stmt, kind = node.drop_stmt, statement_kind(node)
    _check_schema_object(stmt.remove_type, kind, ctx)
    if stmt.remove_type == _OBJ.OBJECT_EXTENSION:
        for name in stmt.objects:
            _check_extension_name(name.string.sval, kind, ctx)


def _check_rename(node: pb.Node, ctx: _Context) -> None:
    stmt, kind = node.rename_stmt, statement_kind(node)
    _check_schema_object(stmt.rename_type, kind, ctx)
    if stmt.rename_type == _OBJ.OBJECT_COLUMN:  # only then is relation_type set: TABLE, VIEW, FOREIGN TABLE
        _check_schema_object(stmt.relation_type, kind, ctx)


def _check_set_schema(node: pb.Node, ctx: _Context) -> None:
    _check_schema_object(node.alter_object_schema_stmt.object_type, statement_kind(node), ctx)


def _check_comment(node: pb.Node, ctx: _Context) -> None:
    _check_schema_object(node.comment_stmt.objtype, statement_kind(node), ctx)


# CREATE <thing> (...) definitions that are ordinary schema objects. Base types, text search parsers and
# templates need C functions (and superuser), so they stay off the list (statement-kind rules).
_DEFINABLE: frozenset[int] = frozenset(
    {
        _OBJ.OBJECT_COLLATION,
        _OBJ.OBJECT_AGGREGATE,
        _OBJ.OBJECT_OPERATOR,
        _OBJ.OBJECT_TSCONFIGURATION,
        _OBJ.OBJECT_TSDICTIONARY,
    }
)


def _check_define(node: pb.Node, ctx: _Context) -> None:
    """CREATE COLLATION / AGGREGATE / OPERATOR / TEXT SEARCH CONFIGURATION / DICTIONARY; the functions they
    name (SFUNC = ..., FUNCTION = ...) are checked against the forbidden functions."""
    stmt, kind = node.define_stmt, statement_kind(node)
    if stmt.kind not in _DEFINABLE:
        _refuse(ctx, kind, _NOT_LISTED, _kind_rule(kind))
    for elem in _def_elems(stmt.definition):
        names = _names(elem.arg.type_name.names) if elem.arg.HasField("type_name") else []
        why = _forbidden_function(names[-1]) if names else None
        if why is not None:
            raise _Reject(kind, f"it names {names[-1]}(), which {why}", "forbidden-function")


def _check_schema(node: pb.Node, ctx: _Context) -> None:
    """CREATE SCHEMA (an AUTHORIZATION role is ignored like OWNER TO); its embedded statements are checked."""
    stmt, kind = node.create_schema_stmt, statement_kind(node)
    if not stmt.schemaname:
        _refuse(ctx, f"{kind} AUTHORIZATION (a schema named after the role)",
                "name the schema: CREATE SCHEMA name (ownership is not managed by schemawright)",
                "schema-authorization")
    inner = dataclasses.replace(ctx, nested=True)
    for element in stmt.schema_elts:
        _check_node(element, inner)


def _check_extension_name(name: str, kind: str, ctx: _Context) -> None:
    if name not in ctx.allowed_extensions and name != _BUILTIN_EXTENSION:
        allowed = ", ".join(sorted(ctx.allowed_extensions)) or "none"
        raise _Reject(
            f"{kind} {name}",
            f"{name!r} is not on the extension allow-list ({allowed}); extensions run native code with "
            "the rights of their creator, so only trusted ones are allowed — ask the platform team to "
            "allow it",
            EXTENSION_RULE,
            extension=name,
        )
    if name not in DEFAULT_EXTENSIONS and name != _BUILTIN_EXTENSION:
        ctx.notes.append(f"extension {name} is allowed by the platform (--allow-extension {name}); creating it "
                         "may need more rights than an ordinary role (the shadow runs as the connecting role)")


# Every database has plpgsql (old pg_dump versions and Rails structure.sql files still create it).
_BUILTIN_EXTENSION = "plpgsql"


def _check_create_extension(node: pb.Node, ctx: _Context) -> None:
    stmt, kind = node.create_extension_stmt, statement_kind(node)
    _check_extension_name(stmt.extname, kind, ctx)
    for option in stmt.options:
        if option.def_elem.defname == "cascade" and option.def_elem.arg.boolean.boolval:
            _refuse(ctx, f"{kind} {stmt.extname} ... CASCADE", _EXTENSION_CASCADE, "extension-cascade")


def _check_alter_extension(node: pb.Node, ctx: _Context) -> None:
    _check_extension_name(node.alter_extension_stmt.extname, statement_kind(node), ctx)


def _check_grant(node: pb.Node, ctx: _Context) -> None:
    """GRANT/REVOKE on schema objects; never GRANT to PUBLIC, never on system schemas."""
    stmt, kind = node.grant_stmt, statement_kind(node)
    if stmt.objtype not in _GRANTABLE:
        _refuse_object(ctx, stmt.objtype, f"{kind} ON {_object_word(stmt.objtype)}")
    if stmt.is_grant and any(g.role_spec.roletype == pb.ROLESPEC_PUBLIC for g in stmt.grantees):
        _refuse(ctx, f"{kind} ... TO PUBLIC", _PUBLIC, "grant-to-public")
    if _grants_on_system_objects(stmt):
        raise _Reject(f"{kind} ON a system object", _SYSTEM_SCHEMA, "system-schema")


def _grants_on_system_objects(stmt: pb.GrantStmt) -> bool:
    """Whether a GRANT/REVOKE names a system schema or an object in one.

    Unqualified pg_* names count: the search path finds pg_catalog (pg_authid, pg_read_file...) first.
    """
    for item in stmt.objects:
        if item.HasField("string"):  # ON SCHEMA s / ON ALL ... IN SCHEMA s
            names = [str(item.string.sval), ""]
        elif item.HasField("range_var"):
            names = [item.range_var.schemaname, item.range_var.relname]
        elif item.HasField("object_with_args"):
            names = _names(item.object_with_args.objname)
        elif item.HasField("list"):  # ON TYPE / ON DOMAIN
            names = _names(item.list.items)
        else:
            continue
        schema = names[-2] if len(names) > 1 else ""
        if _is_system_schema(schema) or (not schema and _is_system_schema(names[-1])):
            return True
    return False


def _def_elems(options: Iterable[pb.Node]) -> list[pb.DefElem]:
    return [option.def_elem for option in options if option.HasField("def_elem")]


def _check_routine_options(options: Iterable[pb.Node], kind: str, ctx: _Context) -> None:
    """SECURITY DEFINER needs SET search_path; SET only for harmless settings; no LEAKPROOF."""
    elems = _def_elems(options)
    settings = [e.arg.variable_set_stmt for e in elems if e.defname == "set"]
    for setting in settings:
        name = setting.name.lower()
        if setting.kind in (pb.VAR_RESET, pb.VAR_RESET_ALL) and name in ("search_path", ""):
            _refuse(ctx, f"{kind} ... RESET {setting.name or 'ALL'}", _DEFINER_RESET, "security-definer-search-path")
        elif name in _SETTING_REFUSALS:
            reason, rule = _SETTING_REFUSALS[name]
            _refuse(ctx, f"{kind} ... SET {setting.name}", reason, rule)
        elif name and name not in _ROUTINE_SETTINGS:
            _refuse(ctx, f"{kind} ... SET {setting.name}", _ROUTINE_SETTING, "routine-setting")
    for elem in elems:
        if elem.defname == "leakproof" and elem.arg.boolean.boolval:
            _refuse(ctx, f"{kind} ... LEAKPROOF", _LEAKPROOF, "leakproof")
    definer = any(e.defname == "security" and e.arg.boolean.boolval for e in elems)
    if definer and not any(s.name.lower() == "search_path" for s in settings):
        _refuse(ctx, f"{kind} ... SECURITY DEFINER", _DEFINER, "security-definer-search-path")


def _function_language(stmt: pb.CreateFunctionStmt) -> str | None:
    """The LANGUAGE of a function; SQL-standard bodies (BEGIN ATOMIC, RETURN) imply sql."""
    for elem in _def_elems(stmt.options):
        if elem.defname == "language":
            return str(elem.arg.string.sval).lower()
    return "sql" if stmt.HasField("sql_body") else None


def _function_body(stmt: pb.CreateFunctionStmt) -> str:
    """The text of a function's AS '...' body ('' when there is none)."""
    for elem in _def_elems(stmt.options):
        if elem.defname == "as" and elem.arg.list.items:
            return str(elem.arg.list.items[0].string.sval)
    return ""


def _returns_trigger(stmt: pb.CreateFunctionStmt) -> bool:
    names = _names(stmt.return_type.names)
    return bool(names) and names[-1].lower() in ("trigger", "event_trigger")


def _check_function(node: pb.Node, ctx: _Context) -> None:
    """CREATE FUNCTION / PROCEDURE in a trusted language, with a body that passes the guard."""
    stmt, kind = node.create_function_stmt, statement_kind(node)
    language = _function_language(stmt)
    if language is None:
        raise _Reject(kind, _NO_LANGUAGE, "no-language")
    if language not in _TRUSTED_LANGUAGES:
        rule = "c-language" if language in _NATIVE_LANGUAGES else "untrusted-language"
        _refuse(ctx, f"{kind} ... LANGUAGE {language}", _UNTRUSTED_LANGUAGE, rule)
        ctx.notes.append(f"LANGUAGE {language} is allowed by the platform (--allow {rule}): its body is not checked, "
                         "and creating it needs superuser rights (the shadow runs as the connecting role)")
    _check_routine_options(stmt.options, kind, ctx)
    if language not in _TRUSTED_LANGUAGES:
        return
    body_ctx = dataclasses.replace(ctx, in_body=True, nested=True)
    if stmt.HasField("sql_body"):
        for inner in _flatten(stmt.sql_body):
            _check_in_body(inner, None, kind, body_ctx)
    elif language == "sql":
        _check_sql_body(_function_body(stmt), kind, body_ctx)
    else:
        _check_plpgsql(node, _function_body(stmt), kind, body_ctx, trigger=_returns_trigger(stmt),
                       statement="" if ctx.nested else ctx.original)


def _check_alter_function(node: pb.Node, ctx: _Context) -> None:
    _check_routine_options(node.alter_function_stmt.actions, statement_kind(node), ctx)


def _flatten(node: pb.Node) -> Iterator[pb.Node]:
    """The statements of a BEGIN ATOMIC ... END body (nested lists) or a RETURN body."""
    if node.HasField("list"):
        for item in node.list.items:
            yield from _flatten(item)
    else:
        yield node


def _check_in_body(inner: pb.Node, line: int | None, outer_kind: str, ctx: _Context) -> None:
    """Check one statement of a function body; name the function and the body line when it fails."""
    try:
        _check_node(inner, ctx)
    except _Reject as reject:
        where = f"line {line} of the body: " if line else ""
        raise _Reject(f"{reject.kind} in the body of {outer_kind}", where + reject.reason, reject.rule,
                      reject.extension) from None


def _check_sql_body(body: str, kind: str, ctx: _Context) -> None:
    """Parse a LANGUAGE sql body and check each of its statements."""
    try:
        tree = postgast.parse(body)
    except postgast.PgQueryError as error:
        raise _Reject(kind, f"its body is not valid SQL: {error.message}", "invalid-body") from None
    data = body.encode()
    lines = _LineIndex(data)
    for raw in tree.stmts:
        _check_in_body(raw.stmt, lines.position(raw.stmt_location)[0], kind, ctx)


# libpg_query 18 writes the NEW/OLD/TG_* variables of trigger functions as "{}}" in its PL/pgSQL JSON
# (pganalyze/libpg_query#337, fix proposed in #355). Such a datum only ever stands alone between
# array delimiters, so it is repaired there; a string value cannot hold a bare '[' or ',' before '{'
# followed by '}}' and ',' or ']' — and if one ever did, only a literal would change, never a name.
_PROMISE_DATUM = re.compile(r"(?<=[\[,])\{\}\}(?=[,\]])")

# PL/pgSQL statements that run SQL text built at run time: the JSON key, and the words to show.
_PLPGSQL_DYNAMIC: dict[str, str] = {
    "PLpgSQL_stmt_dynexecute": "EXECUTE",
    "PLpgSQL_stmt_dynfors": "FOR ... IN EXECUTE",
    "PLpgSQL_stmt_open": "OPEN ... FOR EXECUTE",  # only with a "dynquery"
    "PLpgSQL_stmt_return_query": "RETURN QUERY EXECUTE",  # only with a "dynquery"
}
_SQL_STATEMENT_MODE = 0  # PLpgSQL_expr.parseMode of a whole SQL statement (others are expressions)
# Messages of libpg_query's PL/pgSQL compiler that mean "this needs a catalog the analyser does not have",
# not "this body is wrong": libpg_query compiles without a database, so names it would have to look up
# (a qualified %TYPE, a type in another schema) fail there although PostgreSQL accepts them.
_ANALYSER_LIMITS = ("LookupExplicitNamespace", "only supports pg_catalog", "not supported", "Not implemented",
                    "cache lookup failed", "pseudo-type _record")


_NAMESPACE_LIMIT = "LookupExplicitNamespace"


def _compile_plpgsql(node: pb.Node, statement: str = "") -> object:
    """libpg_query's PL/pgSQL parse tree (JSON) of a CREATE FUNCTION ... LANGUAGE plpgsql statement.

    ``statement`` is its text when known (else it is deparsed from ``node``). PgQueryError when it does not
    compile; a tree that is not valid JSON even after the known repair is reported as an analyser limit.
    """
    statement = statement or postgast.deparse(pb.ParseResult(stmts=[pb.RawStmt(stmt=node)]))
    try:
        return postgast.parse_plpgsql(statement)
    except json.JSONDecodeError as error:
        try:
            return json.loads(_PROMISE_DATUM.sub("{}", error.doc))
        except json.JSONDecodeError:
            raise postgast.PgQueryError("its parse tree is not valid JSON (not supported)") from None


def _compile_with_public_qualifiers(node: pb.Node, body: str) -> object | None:
    """Compile again with the body's schema qualifiers (other than system schemas) read as ``public``.

    libpg_query compiles without a catalog and resolves a variable's type only in pg_catalog or public
    (``DECLARE x app.mood;`` fails there, not in PostgreSQL). Which user schema a name is in changes nothing
    the guard checks — forbidden functions go by name, system schemas are left as written — so the body is
    analysed with ``public`` in their place; None when it still does not compile.
    """
    data = body.encode()
    try:
        tokens = [t for t in postgast.scan(body).tokens if t.token not in _COMMENTS]
    except postgast.PgQueryError:
        return None
    pieces, done = [], 0
    for token, dot, _name in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if token.token != pb.IDENT or dot.token != pb.ASCII_46:
            continue
        qualifier = data[token.start : token.end].decode().strip('"')
        if qualifier.lower() in ("public", "pg_catalog") or _is_system_schema(qualifier):
            continue
        pieces += [data[done : token.start], b"public"]
        done = token.end
    if not pieces:
        return None
    copy = pb.Node()
    copy.CopyFrom(node)
    for option in copy.create_function_stmt.options:
        if option.def_elem.defname == "as" and option.def_elem.arg.list.items:
            option.def_elem.arg.list.items[0].string.sval = b"".join([*pieces, data[done:]]).decode()
    try:
        return _compile_plpgsql(copy)
    except postgast.PgQueryError:
        return None


def _plpgsql_items(tree: object) -> list[tuple[str, dict[str, object], int]]:
    """(key, object, body line) for every JSON object in a PL/pgSQL parse tree, depth first."""
    found: list[tuple[str, dict[str, object], int]] = []
    stack: list[tuple[object, int]] = [(tree, 0)]
    while stack:
        node, line = stack.pop()
        if isinstance(node, list):
            stack.extend((item, line) for item in reversed(node))
            continue
        if not isinstance(node, dict):
            continue
        children: list[tuple[object, int]] = []
        for key, value in node.items():
            if isinstance(value, dict):
                lineno = value.get("lineno")
                here = lineno if isinstance(lineno, int) and lineno > 0 else line
                found.append((key, value, here))
                children.append((value, here))
            elif isinstance(value, list):
                children.append((value, line))
        stack.extend(reversed(children))
    return found


def _dynamic_sql(words: str, line: int, kind: str, ctx: _Context, *, trigger: bool) -> None:
    """Refuse dynamic SQL (rule dynamic-sql); when the platform allows it in a trigger function, say what that means."""
    _refuse(ctx, f"{words} in the body of {kind}", f"line {line} of the body: {_DYNAMIC_SQL}", "dynamic-sql")
    if trigger:
        ctx.dynamic_triggers.append(kind)
        ctx.notes.append(f"{kind} runs dynamic SQL (allowed by --allow dynamic-sql) in a trigger function: triggers "
                         "fire during backfills, so that SQL runs as the role that applies the plan — apply with a "
                         "role that has no more rights than the schema needs")


def _check_plpgsql(node: pb.Node, body: str, kind: str, ctx: _Context, *, trigger: bool = False,
                   statement: str = "") -> None:
    """Check a PL/pgSQL body.

    libpg_query compiles it (what PostgreSQL's validator would reject is rejected here too); dynamic
    SQL is refused (rule dynamic-sql); every embedded SQL statement is checked like a LANGUAGE sql body's; and
    every name called in the body is compared with the forbidden function names, which covers expressions
    and assignments (``x := pg_read_file(...)``) that are not whole SQL statements.

    postgast.parse_plpgsql is used rather than a text scan alone because it hands over each embedded
    statement exactly as PL/pgSQL will run it (with its line), so COPY, SET ROLE, ALTER SYSTEM, DO and
    nested CREATE FUNCTION inside IF/LOOP/EXCEPTION blocks are found by the parser, not guessed. A body
    the analyser cannot compile for want of a catalog falls under rule unanalysable-body; when the platform
    allows that, the body's tokens are scanned for EXECUTE and forbidden calls instead.
    """
    try:
        tree = _compile_plpgsql(node, statement)
    except postgast.PgQueryError as first:
        error = first
        tree = _compile_with_public_qualifiers(node, body) if _NAMESPACE_LIMIT in error.message else None
    else:
        error = None
    if tree is None and error is not None:
        if not any(limit in error.message for limit in _ANALYSER_LIMITS):
            raise _Reject(kind, f"its PL/pgSQL body does not compile: {error.message}", "invalid-body") from None
        _refuse(ctx, kind, _PLPGSQL_UNANALYSABLE.format(detail=error.message), "unanalysable-body")
        _scan_unanalysable_body(body, kind, ctx, trigger=trigger)
        return
    for key, value, line in _plpgsql_items(tree):
        if key in _PLPGSQL_DYNAMIC and (key.startswith("PLpgSQL_stmt_dyn") or "dynquery" in value):
            _dynamic_sql(_PLPGSQL_DYNAMIC[key], line, kind, ctx, trigger=trigger)
        query = value.get("query")
        if key == "PLpgSQL_expr" and value.get("parseMode", 0) == _SQL_STATEMENT_MODE and isinstance(query, str):
            _check_plpgsql_statement(query, line, kind, ctx)
    if _may_contain(ctx, _FORBIDDEN_WORDS):
        _check_body_tokens(body, kind)


def _scan_unanalysable_body(body: str, kind: str, ctx: _Context, *, trigger: bool) -> None:
    """What can still be checked in a body the analyser could not compile: EXECUTE and forbidden calls."""
    data = body.encode()
    lines = _LineIndex(data)
    for token in _body_tokens(body, kind):
        if token.token == pb.EXECUTE:
            _dynamic_sql("EXECUTE", lines.position(token.start)[0], kind, ctx, trigger=trigger)
            break
    _check_body_tokens(body, kind)


def _check_plpgsql_statement(query: str, line: int, kind: str, ctx: _Context) -> None:
    """One SQL statement embedded in PL/pgSQL (INTO already removed by the PL/pgSQL parser)."""
    try:
        tree = postgast.parse(query)
    except postgast.PgQueryError as error:
        raise _Reject(kind, f"line {line} of its body is not valid SQL: {error.message}", "invalid-body") from None
    for raw in tree.stmts:
        _check_in_body(raw.stmt, line, kind, ctx)


def _body_tokens(body: str, kind: str) -> list[pb.ScanToken]:
    """The lexer's tokens of a body, comments left out."""
    try:
        scanned = postgast.scan(body).tokens
    except postgast.PgQueryError as error:
        raise _Reject(kind, f"its body cannot be read: {error.message}", "invalid-body") from None
    return [t for t in scanned if t.token not in _COMMENTS]


def _check_body_tokens(body: str, kind: str) -> None:
    """Reject a body that calls a forbidden function: a name token followed by '('.

    Works on the lexer's tokens, so names inside string literals and comments do not count.
    """
    data = body.encode()
    tokens = _body_tokens(body, kind)
    for token, following, after in zip(tokens, tokens[1:], [*tokens[2:], None], strict=False):
        if token.token == pb.UIDENT and following.token == pb.UESCAPE and after is not None:
            name = _unicode_identifier(data[token.start : token.end].decode(), data[after.start : after.end].decode())
        elif token.token in (pb.IDENT, pb.UIDENT) and following.token == _OPEN_PAREN:
            name = _unicode_identifier(data[token.start : token.end].decode())
        else:
            continue
        why = _forbidden_function(name)
        if why is not None:
            line = _LineIndex(data).position(token.start)[0]
            raise _Reject(kind, f"line {line} of its body calls {name}(), which {why}", "forbidden-function")


def _unicode_identifier(text: str, uescape: str = "") -> str:
    """The name an identifier token stands for: ``"pg_read_file"`` and ``U&"\\0070g_read_file"`` (with an
    optional ``UESCAPE '!'`` clause) both name pg_read_file, as PostgreSQL reads them."""
    if text[:2].lower() != "u&":
        return text.strip('"').replace('""', '"')
    escape = re.escape(uescape.strip("'")[:1] or "\\")
    pattern = rf"{escape}(?:({escape})|([0-9A-Fa-f]{{4}})|\+([0-9A-Fa-f]{{6}}))"
    return re.sub(pattern, lambda m: m[1] or chr(int(m[2] or m[3], 16)), text[3:-1].replace('""', '"'))


_CHECKS: dict[str, _Check] = {
    "create_stmt": _check_create_table,
    "alter_table_stmt": _check_alter_table,
    "drop_stmt": _check_drop,
    "rename_stmt": _check_rename,
    "alter_object_schema_stmt": _check_set_schema,
    "alter_owner_stmt": _check_owner,
    "index_stmt": _check_index,
    "view_stmt": _check_view,
    "create_table_as_stmt": _check_table_as,
    "create_seq_stmt": _check_sequence,
    "alter_seq_stmt": _allow,
    "create_enum_stmt": _allow,
    "alter_enum_stmt": _allow,
    "composite_type_stmt": _allow,
    "create_range_stmt": _allow,
    "create_domain_stmt": _allow,
    "alter_domain_stmt": _allow,
    "create_function_stmt": _check_function,
    "alter_function_stmt": _check_alter_function,
    "create_trig_stmt": _allow,
    "create_policy_stmt": _allow,
    "alter_policy_stmt": _allow,
    "comment_stmt": _check_comment,
    "create_schema_stmt": _check_schema,
    "create_extension_stmt": _check_create_extension,
    "alter_extension_stmt": _check_alter_extension,
    "grant_stmt": _check_grant,
    "create_stats_stmt": _allow,
    "alter_stats_stmt": _allow,
    "define_stmt": _check_define,
    "alter_collation_stmt": _allow,
    "create_op_class_stmt": _allow,
    "create_op_family_stmt": _allow,
    "alter_op_family_stmt": _allow,
    "alter_operator_stmt": _allow,
    "alter_tsconfiguration_stmt": _allow,
    "alter_tsdictionary_stmt": _allow,
    "create_cast_stmt": _allow,
    "variable_set_stmt": _check_setting,
    "select_stmt": _check_select,
    "insert_stmt": _check_insert,
}

# --------------------------------------------------------------------------------------------------------
# Positions.

_COMMENTS = frozenset({pb.SQL_COMMENT, pb.C_COMMENT})
_SEMICOLON = pb.ASCII_59
_OPEN_PAREN = pb.ASCII_40


class _LineIndex:
    """Line and column of byte offsets in UTF-8 text; built once, so a 1 MB dump is not rescanned per statement."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._starts = [0, *(match.end() for match in re.finditer(rb"\n", data))]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of byte ``offset``."""
        offset = min(max(offset, 0), len(self._data))
        index = bisect.bisect_right(self._starts, offset) - 1
        start = self._starts[index]
        return index + 1, len(self._data[start:offset].decode("utf-8", errors="replace")) + 1


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset`` in UTF-8 ``data``."""
    return _LineIndex(data).position(offset)


# Whitespace and simple comments before a statement (a nested /* /* */ */ comment falls back to the lexer).
_LEADING = re.compile(rb"(?:\s+|--[^\n]*|/\*(?:[^*/]|\*(?!/)|/(?!\*))*\*/)*")


def _statement_spans(sql: str, tree: pb.ParseResult) -> list[tuple[int, int]]:
    """(start, end) byte offsets of each statement, from its first to its last token.

    Leading comments, trailing comments and the semicolon are left out, so each text stands alone. The
    parser's locations are trimmed as text; only a statement whose ends hold anything unusual (a nested or
    trailing comment) is handed to the lexer, so a 1 MB dump is not turned into a million token objects.
    """
    data = sql.encode()
    spans = []
    for raw in tree.stmts:
        start = raw.stmt_location
        stop = start + raw.stmt_len if raw.stmt_len else len(data)
        lead = _LEADING.match(data, start, stop)
        first = lead.end() if lead else start
        last = len(data[first:stop].rstrip())
        end = first + last
        tail = data[first:end].rsplit(b"\n", 1)[-1]
        if b"/*" in data[start:first] or b"--" in tail or tail.endswith((b"*/", b";")):
            first, end = _lexed_span(data, start, stop)
        spans.append((first, end))
    return spans


def _lexed_span(data: bytes, start: int, stop: int) -> tuple[int, int]:
    """The first and last token of ``data[start:stop]`` (comments and semicolons left out), by the lexer."""
    piece = data[start:stop].decode()
    tokens = [t for t in postgast.scan(piece).tokens if t.token not in _COMMENTS]
    while len(tokens) > 1 and tokens[-1].token == _SEMICOLON:
        tokens.pop()
    if not tokens:
        return start, start
    return start + tokens[0].start, start + tokens[-1].end


def _statement_number_at(sql: str, offset: int) -> int:
    """1-based number of the statement that byte ``offset`` falls in (for syntax errors)."""
    prefix = sql.encode()[:offset].decode("utf-8", errors="ignore")
    try:
        tokens = postgast.scan(prefix).tokens
    except postgast.PgQueryError:
        return 1
    number, open_statement = 1, False
    for token in tokens:
        if token.token == _SEMICOLON:
            number += open_statement
            open_statement = False
        elif token.token not in _COMMENTS:
            open_statement = True
    return number


# --------------------------------------------------------------------------------------------------------
# psql meta-commands. pg_dump 18 brackets its output with "\restrict KEY" and "\unrestrict KEY" lines (psql
# refuses other meta-commands between them). Those two, as whole lines, are blanked (same length, so every
# position stays put); any other meta-command is refused when it makes the script unparsable.

_META_LINE = re.compile(rb"^\\(?:restrict|unrestrict)[ \t]+[A-Za-z0-9]+[ \t]*\r?$", re.MULTILINE)


def _blank_restrict_lines(sql: str) -> tuple[str, list[tuple[int, int]]]:
    """``sql`` with pg_dump's \\restrict / \\unrestrict lines replaced by spaces, and where they were."""
    data = sql.encode()
    spans = [(m.start(), m.end()) for m in _META_LINE.finditer(data)]
    if not spans:
        return sql, spans
    blanked = bytearray(data)
    for start, end in spans:
        blanked[start:end] = b" " * (end - start)
    return blanked.decode(), spans


@functools.lru_cache(maxsize=2)  # loading a .sql document and guarding it parse the same script
def _parse_script(sql: str) -> tuple[str, pb.ParseResult]:
    """The script with pg_dump's \\restrict / \\unrestrict lines blanked, and its parse tree (not to be changed).

    A blanked line that turns out to sit inside a statement (in a literal or a function body) is text,
    not a command: it is put back. Raises postgast.PgQueryError like postgast.parse.
    """
    text, spans = _blank_restrict_lines(sql)
    tree = postgast.parse(text)
    if not spans:
        return text, tree
    data, blanked = sql.encode(), bytearray(text.encode())
    starts = [raw.stmt_location for raw in tree.stmts]
    inside = []
    for start, end in spans:
        index = bisect.bisect_right(starts, start) - 1
        if index >= 0:
            raw = tree.stmts[index]
            stop = raw.stmt_location + raw.stmt_len if raw.stmt_len else len(data)
            # the parser's range starts after the previous statement, so text before the first token is
            # whitespace or comments: only a line after the statement's first token is really inside it
            first = _LEADING.match(blanked, raw.stmt_location, stop)
            if first is not None and first.end() < start < stop:
                inside.append((start, end))
    if not inside:
        return text, tree
    for start, end in inside:
        blanked[start:end] = data[start:end]
    text = blanked.decode()
    return text, postgast.parse(text)


def _meta_command_at(data: bytes, lines: _LineIndex, offset: int) -> str | None:
    """The meta-command (e.g. ``\\connect``) on the line of byte ``offset``, if that line is one."""
    line = lines.position(offset)[0]
    text = data.split(b"\n")[line - 1].decode(errors="replace").strip() if line else ""
    return text.split()[0] if text.startswith("\\") and text.split() else None


# --------------------------------------------------------------------------------------------------------
# What the shadow does with each accepted statement.


@dataclasses.dataclass(frozen=True)
class Statement:
    """One accepted statement: its text as written, and what the shadow build does with it.

    ``effect`` is ``definition`` (run), ``setting`` (run: a session setting that lasts until the shadow's
    session ends), ``privilege`` (run; skipped with a note when it names a role the shadow server lacks),
    ``ownership`` (not run: ownership is not managed), ``builtin`` (not run: plpgsql is always there) or
    ``data`` (not run: rows of constants, such as Rails' schema_migrations; the schema is managed, not rows).
    """

    text: str
    effect: str = "definition"
    shadow_sql: str = ""  # what the shadow runs instead of the text ("" = the text): IF NOT EXISTS forms
    privileged: bool = False  # a privileged rule was waived for it: the shadow runs it as the connecting role

    @property
    def runs_in_shadow(self) -> bool:
        """Whether the shadow build runs it at all."""
        return self.effect not in ("ownership", "builtin", "data")

    @property
    def sql(self) -> str:
        """The SQL the shadow runs."""
        return self.shadow_sql or self.text


@dataclasses.dataclass(frozen=True)
class GuardedScript:
    """A script the guard accepted: its statements, notes for the user, and what it declares."""

    statements: list[Statement]
    notes: list[str]
    schemas: tuple[str, ...]  # schemas it creates objects in (first use first); () if none
    extensions: tuple[str, ...]  # extensions it creates
    dynamic_triggers: int = 0  # trigger functions whose dynamic SQL the platform allowed (it runs as the applier)
    tables: int = 0  # CREATE TABLE statements (for ``validate``: counted while parsed, never parsed again)
    enums: int = 0  # CREATE TYPE ... AS ENUM statements


def _deparse(node: pb.Node) -> str:
    return str(postgast.deparse(pb.ParseResult(stmts=[pb.RawStmt(stmt=node)])))


# Definitions PostgreSQL reserves for superusers although they run no code of the document's (a wrong operator
# class can crash a backend, so the server wants an administrator's word): the shadow runs them, and comments on
# what they create, as the connecting role.
_SUPERUSER_OBJECTS = frozenset({_OBJ.OBJECT_OPCLASS, _OBJ.OBJECT_OPFAMILY, _OBJ.OBJECT_TSPARSER,
                                _OBJ.OBJECT_TSTEMPLATE})


def _needs_superuser(node: pb.Node) -> bool:
    which = node.WhichOneof("node")
    if which in ("create_op_class_stmt", "create_op_family_stmt", "alter_op_family_stmt"):
        return True
    if which == "define_stmt":
        return node.define_stmt.kind in _SUPERUSER_OBJECTS
    if which == "comment_stmt":
        return node.comment_stmt.objtype in _SUPERUSER_OBJECTS
    if which == "create_cast_stmt":  # binary-coercible
        return not node.create_cast_stmt.HasField("func") and not node.create_cast_stmt.inout
    return False


def _shadow_form(node: pb.Node, text: str) -> Statement:
    """How the shadow treats an accepted statement (see Statement)."""
    if _needs_superuser(node):
        return Statement(text, privileged=True)
    which = node.WhichOneof("node")
    if which == "alter_owner_stmt" or (which == "alter_table_stmt" and _is_owner_change(node.alter_table_stmt)):
        return Statement(text, "ownership")
    if which == "grant_stmt":
        return Statement(text, "privilege")
    if which == "insert_stmt":
        return Statement(text, "data")
    if which == "variable_set_stmt" or _is_dump_search_path(node):
        return Statement(text, "setting")
    if which == "create_extension_stmt":
        if node.create_extension_stmt.extname == _BUILTIN_EXTENSION:
            return Statement(text, "builtin")
        # Declared in spec.extensions too (created before spec.sql runs) must not fail: the two agree.
        copy = pb.Node()
        copy.CopyFrom(node)
        copy.create_extension_stmt.if_not_exists = True
        return Statement(text, shadow_sql=_deparse(copy))
    if which == "comment_stmt" and node.comment_stmt.objtype == _OBJ.OBJECT_EXTENSION \
            and node.comment_stmt.object.string.sval == _BUILTIN_EXTENSION:
        return Statement(text, "builtin")  # the extension belongs to the bootstrap superuser
    if which == "create_schema_stmt":
        copy = pb.Node()
        copy.CopyFrom(node)
        schema = copy.create_schema_stmt
        schema.ClearField("authrole")  # ownership is not managed, like OWNER TO
        # Declared in spec.database.schemas too (or public, which every database has): the two agree.
        schema.if_not_exists = not schema.schema_elts
        return Statement(text, shadow_sql=_deparse(copy))
    return Statement(text)


# Statements that create an object in the first schema of the search path when the name is unqualified.
_CREATES_UNQUALIFIED = frozenset({
    "create_stmt", "view_stmt", "create_table_as_stmt", "create_seq_stmt", "create_function_stmt",
    "create_enum_stmt", "create_range_stmt", "composite_type_stmt", "create_domain_stmt", "define_stmt",
})


def _search_path_of(node: pb.Node) -> list[str] | None:
    """The schemas a SET search_path / pg_dump set_config statement puts first, or None if it sets none."""
    if node.HasField("variable_set_stmt") and node.variable_set_stmt.name.lower() == "search_path":
        stmt = node.variable_set_stmt
        if stmt.kind != pb.VAR_SET_VALUE:
            return ["public"]
        return [arg.a_const.sval.sval for arg in stmt.args if arg.a_const.HasField("sval")]
    if _is_dump_search_path(node):
        value = node.select_stmt.target_list[0].res_target.val.func_call.args[1].a_const.sval.sval
        return [part.strip().strip('"') for part in value.split(",") if part.strip()]
    return None


def _declared_schemas(tree: pb.ParseResult) -> tuple[str, ...]:
    """The schemas a script creates objects in, first use first (unqualified names: the search path's first)."""
    found: dict[str, None] = {}
    search = ["public"]
    for raw in tree.stmts:
        node, which = raw.stmt, raw.stmt.WhichOneof("node")
        path = _search_path_of(node)
        if path is not None:
            search = [s for s in path if s != "$user"]
            continue
        targets = _TARGET_SCHEMAS.get(which or "")
        names = [n for n in targets(node) if n] if targets else []
        if not names and which in _CREATES_UNQUALIFIED and search:
            names = search[:1]
        for name in names:
            if not _is_system_schema(name):
                found.setdefault(name, None)
    return tuple(found)


def declared_schemas(sql: str) -> tuple[str, ...]:
    """The schemas a script creates objects in (see :class:`GuardedScript`); () when it does not parse."""
    try:
        _text, tree = _parse_script(sql)
    except postgast.PgQueryError:
        return ()
    return _declared_schemas(tree)


# --------------------------------------------------------------------------------------------------------
# The public API.


def _summarise(ctx: _Context, waived: list[tuple[int, str, str]], statements: list[Statement]) -> list[str]:
    """The user's notes: ownership and rows ignored, rules the platform waived (by rule), the checks' own notes."""
    notes = []
    ownership = sum(1 for s in statements if s.effect == "ownership")
    if ownership:
        notes.append(f"{ownership} ownership statement(s) (ALTER ... OWNER TO) not applied: ownership is not managed "
                     "by schemawright — objects belong to the role that applies the plan (docs/sql-allow-list.md)")
    rows = sum(1 for s in statements if s.effect == "data")
    if rows:
        notes.append(f"{rows} INSERT ... VALUES statement(s) of constant rows (such as Rails' schema_migrations) not "
                     "applied: schemawright manages the schema, not rows — load data with your application")
    by_rule: dict[str, list[str]] = {}
    for number, kind, rule in waived:
        by_rule.setdefault(rule, []).append(f"{number} ({kind})")
    for rule, where in by_rule.items():
        privileged = (rule_of(rule) or RULES[STATEMENT_KIND]).privileged
        shown = ", ".join(where[:5]) + (f" and {len(where) - 5} more" if len(where) > 5 else "")
        notes.append(f"rule {rule} waived by the platform (--allow {rule}) for statement(s) {shown}"
                     + ("; they need superuser rights (the shadow runs as the connecting role)" if privileged else ""))
    notes += list(dict.fromkeys(ctx.notes))
    return notes


def guard_script(sql: str, *, origin: str, allowed_extensions: Collection[str] = DEFAULT_EXTENSIONS,
                 overrides: Overrides | None = None) -> GuardedScript:
    """Check a SQL script against the allow-list; return its accepted statements, notes and declarations.

    ``origin`` names where the SQL came from in error messages (e.g. ``shop.yaml: spec.sql``).
    ``overrides`` are the platform's waivers (rules; its extensions add to ``allowed_extensions``).
    pg_dump's ``\\restrict``/``\\unrestrict`` lines are skipped. Raises GuardError for a syntax error (naming
    its line and column), another psql meta-command, or the first statement that is not allowed (naming its
    number, line and column, its kind, why, its rule and the flag that would allow it).
    """
    overrides = overrides or Overrides()
    try:
        text, tree = _parse_script(sql)
    except postgast.PgQueryError as error:
        text = _blank_restrict_lines(sql)[0]
        data = text.encode()
        lines = _LineIndex(data)
        offset = max(error.cursorpos - 1, 0)
        line, column = lines.position(offset)
        number = _statement_number_at(text, offset)
        meta = _meta_command_at(data, lines, offset)
        if meta is not None:
            raise GuardError(origin, number, line, 1, f"psql meta-command {meta}", _META_COMMAND,
                             "psql-meta-command") from None
        raise GuardError(origin, number, line, column, "invalid SQL", error.message) from None
    data = text.encode()
    lines = _LineIndex(data)
    ctx = _Context(allowed_extensions=frozenset(allowed_extensions) | overrides.extensions,
                   allowed_rules=overrides.rules)
    spans = _statement_spans(text, tree)
    statements: list[Statement] = []
    waived: list[tuple[int, str, str]] = []
    for number, (raw, (start, end)) in enumerate(zip(tree.stmts, spans, strict=True), start=1):
        statement_text = data[start:end].decode()
        ctx.original, ctx.text = statement_text, statement_text.lower()
        try:
            _check_node(raw.stmt, ctx)
        except _Reject as reject:
            line, column = lines.position(start)
            raise GuardError(origin, number, line, column, reject.kind, reject.reason, reject.rule,
                             override_flag(reject.rule, reject.extension)) from None
        ctx.walked.clear()
        waived += [(number, kind, rule) for kind, rule in ctx.waived]
        statement = _shadow_form(raw.stmt, statement_text)
        if any((rule_of(rule) or RULES[STATEMENT_KIND]).privileged for _kind, rule in ctx.waived):
            statement = dataclasses.replace(statement, privileged=True)
        ctx.waived.clear()
        statements.append(statement)
    extensions = tuple(dict.fromkeys(
        raw.stmt.create_extension_stmt.extname for raw in tree.stmts
        if raw.stmt.HasField("create_extension_stmt") and raw.stmt.create_extension_stmt.extname != _BUILTIN_EXTENSION))
    kinds = [raw.stmt.WhichOneof("node") for raw in tree.stmts]
    return GuardedScript(statements=statements, notes=_summarise(ctx, waived, statements),
                         schemas=_declared_schemas(tree), extensions=extensions,
                         dynamic_triggers=len(ctx.dynamic_triggers), tables=kinds.count("create_stmt"),
                         enums=kinds.count("create_enum_stmt"))


def check_script(sql: str, *, origin: str, allowed_extensions: Collection[str] = DEFAULT_EXTENSIONS,
                 overrides: Overrides | None = None) -> list[str]:
    """Check a SQL script against the allow-list (see :func:`guard_script`); return its statements' texts."""
    return [s.text for s in guard_script(sql, origin=origin, allowed_extensions=allowed_extensions,
                                         overrides=overrides).statements]


_EXPRESSION_PREFIX = "SELECT ("
_EXPRESSION_SUFFIX = "\n)"  # on its own line, so a trailing -- comment cannot swallow it
_NOT_ONE_EXPRESSION = "expected one SQL expression, found statements, a list or clauses"
_LINE_COMMENT = (
    "a -- comment would swallow whatever follows the expression when it is embedded in DDL; "
    "use /* ... */ or leave the comment out"
)
# The only SelectStmt fields "SELECT (<one expression>)" sets.
_SELECT_OF_ONE_EXPRESSION = frozenset({"target_list", "limit_option", "op"})


def check_expression(expr: str, *, origin: str) -> None:
    """Check one SQL expression from a document field (a default, a check, an index WHERE, a policy).

    It must be a single expression (not statements, lists or clauses), safe to embed in generated DDL
    (no ``--`` comment), and must not call a forbidden function anywhere, subqueries included. Raises
    GuardError naming the line and column in ``expr``.
    """
    prefix = len(_EXPRESSION_PREFIX.encode())
    data = expr.encode()
    try:
        tree = postgast.parse(_EXPRESSION_PREFIX + expr + _EXPRESSION_SUFFIX)
    except postgast.PgQueryError as error:
        offset = min(max(error.cursorpos - 1 - prefix, 0), len(data))
        line, column = _line_column(data, offset)
        raise GuardError(origin, 1, line, column, "invalid expression", error.message) from None
    target = _single_expression(tree)
    if target is None:
        raise GuardError(origin, 1, 1, 1, "invalid expression", _NOT_ONE_EXPRESSION)
    comment = next((t for t in postgast.scan(expr).tokens if t.token == pb.SQL_COMMENT), None)
    if comment is not None:
        line, column = _line_column(data, comment.start)
        raise GuardError(origin, 1, line, column, "invalid expression", _LINE_COMMENT)
    found = next(_forbidden_references(target), None)
    if found is not None:
        name, why, location = found
        line, column = _line_column(data, location - prefix)
        raise GuardError(origin, 1, line, column, "expression", f"it calls {name}(), which {why}")


_QUERY_KINDS = frozenset({"select_stmt", "insert_stmt", "update_stmt", "delete_stmt"})
_ONE_QUERY = "expected exactly one SELECT, INSERT, UPDATE or DELETE statement"


def check_query(query: str, *, origin: str) -> None:
    """Check an access-pattern query (``spec.accessPatterns[].query``) before the linter EXPLAINs it in a
    shadow database (it is planned there, never executed).

    It must be exactly one SELECT, INSERT, UPDATE or DELETE, with no data change hidden in a WITH clause
    (beyond the statement's own), no ``SELECT ... INTO`` (which creates a table), and no call to a forbidden
    function anywhere. Raises GuardError naming the line and column in ``query``.
    """
    try:
        tree = postgast.parse(query)
    except postgast.PgQueryError as error:
        line, column = _line_column(query.encode(), max(error.cursorpos - 1, 0))
        raise GuardError(origin, 1, line, column, "invalid SQL", error.message) from None
    if len(tree.stmts) != 1 or tree.stmts[0].stmt.WhichOneof("node") not in _QUERY_KINDS:
        raise GuardError(origin, 1, 1, 1, "access pattern", _ONE_QUERY)
    node = tree.stmts[0].stmt
    kind = statement_kind(node)
    changes = sum(1 for _field, message in postgast.walk(node) if isinstance(message, _DML_NODES))
    if changes > (0 if node.HasField("select_stmt") else 1):
        raise GuardError(origin, 1, 1, 1, kind, _NESTED_DML)
    selects = postgast.find_nodes(node, pb.SelectStmt) if node.HasField("select_stmt") else ()
    if any(s.HasField("into_clause") for s in selects):
        raise GuardError(origin, 1, 1, 1, "SELECT INTO", "it creates a table; an access pattern only reads or "
                         "changes rows")
    found = next(_forbidden_references(node), None)
    if found is not None:
        name, why, location = found
        line, column = _line_column(query.encode(), max(location, 0))
        raise GuardError(origin, 1, line, column, kind, f"it calls {name}(), which {why}")


def _single_expression(tree: pb.ParseResult) -> pb.Node | None:
    """The expression of ``SELECT (<expr>)``, or None when the text was more than one expression."""
    if len(tree.stmts) != 1 or not tree.stmts[0].stmt.HasField("select_stmt"):
        return None
    select = tree.stmts[0].stmt.select_stmt
    fields = {descriptor.name for descriptor, _value in select.ListFields()}
    if not fields <= _SELECT_OF_ONE_EXPRESSION or len(select.target_list) != 1:
        return None
    target = select.target_list[0].res_target
    return None if target.name else target.val
