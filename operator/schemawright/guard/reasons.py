"""Why the guard refuses a statement, and what to do instead: the texts of its messages (kept byte for byte:
users and tests read them). The reasons a statement kind is refused for are :class:`Reason` s, whose two
parts the statement-kind table and docs/sql-allow-list.md show apart."""

from __future__ import annotations


class Reason(str):
    """A reason as messages show it (``why; instead``), keeping its two parts."""

    why: str
    instead: str

    def __new__(cls, why: str, instead: str = "") -> Reason:
        """The reason ``why``, and what to do instead (``""`` when nothing can be)."""
        reason = super().__new__(cls, f"{why}; {instead}" if instead else why)
        reason.why, reason.instead = why, instead
        return reason


NOT_LISTED = Reason(
    "this kind of statement is not on the allow-list of schema definitions (see docs/sql-allow-list.md)",
)
DML = Reason(
    "it changes data, not the schema",
    (
        "schemawright applies schema definitions only (fill new columns with a column's `backfill`, load data with "
        "your application or a data job)"
    ),
)
SELECT = Reason(
    "a top-level query defines nothing and can call any function",
    "put queries in a view or a function",
)
COPY = Reason(
    "COPY moves data between the server and files, programs or the client, and defines nothing",
    "load data with your application or a data job",
)
DO = Reason(
    "an anonymous code block runs arbitrary procedural code once and leaves nothing declared behind",
    "write a function (LANGUAGE sql or plpgsql) if you need the logic",
)
ALTER_SYSTEM = Reason(
    "it rewrites the server's configuration for every database",
    "server settings belong to the platform",
)
SET_ROLE = "it changes the role the following statements run as; schemawright runs every statement as its own role"
SETTING = (
    "session settings do not last and do not belong in a schema; lock and statement timeouts come from spec.policy "
    "(lockTimeout, statementTimeout)"
)
ROLE = Reason(
    "roles are shared by every database of the cluster",
    "create them with your platform tooling and refer to them by name in GRANT and policies",
)
DATABASE = Reason("schemawright manages what is inside the target database, not databases themselves")
TABLESPACE = Reason(
    (
        "tablespaces are storage locations on the server chosen by its administrator (and are missing from the shadow "
        "database)"
    ),
    "leave the tablespace out",
)
LANGUAGE = Reason(
    "procedural languages decide what code can run inside the server",
    "only the trusted languages sql and plpgsql are allowed",
)
LOAD = Reason("LOAD puts a shared library into the server process")
FOREIGN = Reason(
    "foreign data reaches outside this database (other servers, files)",
    "it is not allowed in a schema",
)
REPLICATION = Reason("publications and subscriptions configure replication, which is the platform's job")
TRANSACTION = Reason(
    "schemawright decides transaction boundaries itself (each step runs in a transaction where PostgreSQL allows)",
    "remove it",
)
MAINTENANCE = Reason(
    "maintenance commands define nothing and can hold locks for a long time",
    "run them from operations tooling",
)
TRUNCATE = Reason("TRUNCATE deletes every row: it changes data, not the schema")
MESSAGING = Reason("LISTEN and NOTIFY are messaging between sessions, not schema")
PREPARED = Reason(
    "prepared statements are session state that can run anything",
    "they define nothing",
)
CALL = Reason(
    "CALL runs a procedure now",
    "schemawright applies definitions only",
)
LOCK = Reason("schemawright takes the locks its steps need itself (with spec.policy.lockTimeout)")
SESSION = Reason("it acts on the current session or server and defines nothing")
SECURITY_LABEL = Reason(
    "security labels belong to a label provider (such as SELinux) configured by the server administrator",
)
EVENT_TRIGGER = Reason(
    (
        "event triggers fire on DDL anywhere in the database (schemawright's own steps included) and need superuser "
        "rights"
    ),
    "use ordinary triggers on tables",
)
DEFAULT_PRIVILEGES = Reason(
    "default privileges silently apply to objects created later by a role, which the document does not show",
    "grant on the objects themselves (GRANT ... ON ALL TABLES IN SCHEMA ... is allowed)",
)
RULE = Reason(
    "rules rewrite queries in surprising ways (a well-known footgun)",
    "use a trigger instead",
)
REFRESH = Reason(
    "refreshing a materialized view recomputes its data, an operational task",
    "schedule it outside the schema (for example with pg_cron or your job runner)",
)
TABLE_AS = "CREATE TABLE ... AS copies data; declare the table with its columns and load data separately"
TEMPORARY = "temporary objects vanish at the end of the session, so they cannot be part of a declared schema"
PUBLIC = "PUBLIC means every role of the cluster, now and in the future; grant to a named role instead"
SYSTEM_SCHEMA = (
    "system schemas (pg_catalog, information_schema, pg_*) and their objects belong to PostgreSQL; create, change and "
    "grant only your own objects, in your own schemas"
)
NESTED_DML = (
    "a data-modifying WITH (INSERT, UPDATE, DELETE or MERGE inside) changes data when the statement runs; schemawright "
    "applies schema definitions only"
)
EXTENSION_CASCADE = (
    "CASCADE would install dependencies without checking them; create each required extension first (e.g. CREATE "
    "EXTENSION cube; CREATE EXTENSION earthdistance;), so each is checked"
)
UNTRUSTED_LANGUAGE = (
    "functions may only be written in the trusted languages sql and plpgsql; other languages can read files, start "
    "programs or run native code inside the server"
)
NO_LANGUAGE = "the function has no LANGUAGE clause; add LANGUAGE sql or LANGUAGE plpgsql"
DEFINER = (
    "a SECURITY DEFINER function runs with its owner's rights (schemawright's role); without a fixed search_path a "
    "caller can put their own objects first and run code as the owner. Add SET search_path = <your schema>, pg_temp"
)
DEFINER_RESET = (
    "resetting search_path (RESET ALL does too) could leave a SECURITY DEFINER function without a fixed search_path; "
    "restate the function with CREATE OR REPLACE FUNCTION instead"
)
LEAKPROOF = (
    "LEAKPROOF lets the planner run the function before row-level security filters, so a mistake leaks hidden rows; it "
    "needs superuser rights and a security review, not a schema document"
)
ROUTINE_SETTING = "only search_path, time zone, date style and timeout or memory settings may be set here"
DYNAMIC_SQL = (
    "EXECUTE runs SQL text built while the function runs, which cannot be checked in advance; write the statement "
    "directly in the function so it is checked"
)
PLPGSQL_UNANALYSABLE = (
    "the guard's PL/pgSQL analyser (libpg_query) cannot analyse this body ({detail}); this is a limit of the guard, "
    "not an error in the function. Where the platform allows such bodies, their tokens are still scanned for forbidden "
    "calls and EXECUTE"
)
META_COMMAND = (
    "psql meta-commands are client commands, not SQL; only pg_dump's \\restrict and \\unrestrict lines are skipped. "
    "Remove the line"
)
OWNER_MIXED = "put OWNER TO in a statement of its own (ownership is ignored, the other changes are not)"
SESSION_VALUE = "this session setting is accepted only with the value pg_dump writes ({expected})"
