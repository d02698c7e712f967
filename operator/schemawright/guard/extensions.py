"""Extensions: the default allow-list, and the checks of CREATE / ALTER / DROP EXTENSION."""

from __future__ import annotations

from postgast import pg_query_pb2 as pb

from schemawright.guard import reasons
from schemawright.guard.context import Context, Reject, refuse
from schemawright.guard.kinds import statement_kind
from schemawright.guard.rules import EXTENSION_RULE

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


def check_extension_name(name: str, kind: str, ctx: Context) -> None:
    if name not in ctx.allowed_extensions and name != BUILTIN_EXTENSION:
        allowed = ", ".join(sorted(ctx.allowed_extensions)) or "none"
        raise Reject(
            f"{kind} {name}",
            f"{name!r} is not on the extension allow-list ({allowed}); extensions run native code with "
            "the rights of their creator, so only trusted ones are allowed — ask the platform team to "
            "allow it",
            EXTENSION_RULE,
            extension=name,
        )
    if name not in DEFAULT_EXTENSIONS and name != BUILTIN_EXTENSION:
        ctx.notes.append(
            f"extension {name} is allowed by the platform (--allow-extension {name}); creating it "
            "may need more rights than an ordinary role (the shadow runs as the connecting role)"
        )


# Every database has plpgsql (old pg_dump versions and Rails structure.sql files still create it).
BUILTIN_EXTENSION = "plpgsql"


def check_create_extension(node: pb.Node, ctx: Context) -> None:
    stmt, kind = node.create_extension_stmt, statement_kind(node)
    check_extension_name(stmt.extname, kind, ctx)
    for option in stmt.options:
        if option.def_elem.defname == "cascade" and option.def_elem.arg.boolean.boolval:
            refuse(ctx, f"{kind} {stmt.extname} ... CASCADE", reasons.EXTENSION_CASCADE, "extension-cascade")


def check_alter_extension(node: pb.Node, ctx: Context) -> None:
    check_extension_name(node.alter_extension_stmt.extname, statement_kind(node), ctx)
