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

from schemawright.guard.accepted import GuardedScript, Statement
from schemawright.guard.extensions import DEFAULT_EXTENSIONS
from schemawright.guard.fragments import check_expression, check_query
from schemawright.guard.kinds import statement_kind
from schemawright.guard.overrides import Overrides, overrides
from schemawright.guard.rules import EXTENSION_RULE, RULES, STATEMENT_KIND, Rule, override_flag, rule_of
from schemawright.guard.script import check_script, declared_schemas, guard_script

__all__ = [
    "DEFAULT_EXTENSIONS",
    "EXTENSION_RULE",
    "RULES",
    "STATEMENT_KIND",
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
    "rule_of",
    "statement_kind",
]
