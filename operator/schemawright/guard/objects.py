"""Object types, by the statements that name them: which are part of a schema, which may be granted on or
altered, why the others are off limits, and their SQL words.
"""

from __future__ import annotations

from postgast import pg_query_pb2 as pb

from schemawright.guard import reasons

OBJ = pb.ObjectType


# Objects a schema is made of: they may be dropped, renamed, moved, commented on.
SCHEMA_OBJECTS: frozenset[int] = frozenset(
    {
        OBJ.OBJECT_TABLE,
        OBJ.OBJECT_COLUMN,
        OBJ.OBJECT_INDEX,
        OBJ.OBJECT_VIEW,
        OBJ.OBJECT_MATVIEW,
        OBJ.OBJECT_SEQUENCE,
        OBJ.OBJECT_TYPE,
        OBJ.OBJECT_DOMAIN,
        OBJ.OBJECT_FUNCTION,
        OBJ.OBJECT_PROCEDURE,
        OBJ.OBJECT_ROUTINE,
        OBJ.OBJECT_TRIGGER,
        OBJ.OBJECT_POLICY,
        OBJ.OBJECT_SCHEMA,
        OBJ.OBJECT_TABCONSTRAINT,
        OBJ.OBJECT_DOMCONSTRAINT,
        OBJ.OBJECT_ATTRIBUTE,
        OBJ.OBJECT_EXTENSION,
        OBJ.OBJECT_COLLATION,
        OBJ.OBJECT_STATISTIC_EXT,
        OBJ.OBJECT_RULE,
        OBJ.OBJECT_AGGREGATE,
        OBJ.OBJECT_OPERATOR,
        OBJ.OBJECT_OPCLASS,
        OBJ.OBJECT_OPFAMILY,
        OBJ.OBJECT_TSCONFIGURATION,
        OBJ.OBJECT_TSDICTIONARY,
        OBJ.OBJECT_CAST,
    }
)


# Objects privileges may be granted on (column privileges are table grants with a column list).
GRANTABLE: frozenset[int] = frozenset(
    {
        OBJ.OBJECT_TABLE,
        OBJ.OBJECT_SEQUENCE,
        OBJ.OBJECT_FUNCTION,
        OBJ.OBJECT_PROCEDURE,
        OBJ.OBJECT_ROUTINE,
        OBJ.OBJECT_SCHEMA,
        OBJ.OBJECT_TYPE,
        OBJ.OBJECT_DOMAIN,
    }
)


# What ALTER TABLE / INDEX / VIEW / MATERIALIZED VIEW / SEQUENCE / TYPE (composite) may change.
ALTERABLE: frozenset[int] = frozenset(
    {
        OBJ.OBJECT_TABLE,
        OBJ.OBJECT_INDEX,
        OBJ.OBJECT_VIEW,
        OBJ.OBJECT_MATVIEW,
        OBJ.OBJECT_SEQUENCE,
        OBJ.OBJECT_TYPE,
    }
)


# Object types that are not part of a schema: why a statement about one is refused, and under which rule.
OFF_LIMITS: dict[int, tuple[str, str]] = {
    OBJ.OBJECT_ROLE: (reasons.ROLE, "role-management"),
    OBJ.OBJECT_DATABASE: (reasons.DATABASE, "database"),
    OBJ.OBJECT_TABLESPACE: (reasons.TABLESPACE, "tablespace"),
    OBJ.OBJECT_FDW: (reasons.FOREIGN, "foreign-data"),
    OBJ.OBJECT_FOREIGN_SERVER: (reasons.FOREIGN, "foreign-data"),
    OBJ.OBJECT_FOREIGN_TABLE: (reasons.FOREIGN, "foreign-data"),
    OBJ.OBJECT_USER_MAPPING: (reasons.FOREIGN, "foreign-data"),
    OBJ.OBJECT_EVENT_TRIGGER: (reasons.EVENT_TRIGGER, "event-trigger"),
    OBJ.OBJECT_LANGUAGE: (reasons.LANGUAGE, "create-language"),
    OBJ.OBJECT_PUBLICATION: (reasons.REPLICATION, "replication"),
    OBJ.OBJECT_PUBLICATION_NAMESPACE: (reasons.REPLICATION, "replication"),
    OBJ.OBJECT_PUBLICATION_REL: (reasons.REPLICATION, "replication"),
    OBJ.OBJECT_SUBSCRIPTION: (reasons.REPLICATION, "replication"),
    OBJ.OBJECT_PARAMETER_ACL: (reasons.SETTING, "session-setting"),
}


_OBJECT_WORDS: dict[int, str] = {
    OBJ.OBJECT_MATVIEW: "MATERIALIZED VIEW",
    OBJ.OBJECT_FDW: "FOREIGN DATA WRAPPER",
    OBJ.OBJECT_FOREIGN_SERVER: "SERVER",
    OBJ.OBJECT_TABCONSTRAINT: "CONSTRAINT",
    OBJ.OBJECT_DOMCONSTRAINT: "CONSTRAINT",
    OBJ.OBJECT_STATISTIC_EXT: "STATISTICS",
    OBJ.OBJECT_LARGEOBJECT: "LARGE OBJECT",
    OBJ.OBJECT_PARAMETER_ACL: "PARAMETER",
    OBJ.OBJECT_OPCLASS: "OPERATOR CLASS",
    OBJ.OBJECT_OPFAMILY: "OPERATOR FAMILY",
    OBJ.OBJECT_TSCONFIGURATION: "TEXT SEARCH CONFIGURATION",
    OBJ.OBJECT_TSDICTIONARY: "TEXT SEARCH DICTIONARY",
    OBJ.OBJECT_TSPARSER: "TEXT SEARCH PARSER",
    OBJ.OBJECT_TSTEMPLATE: "TEXT SEARCH TEMPLATE",
    OBJ.OBJECT_DEFACL: "DEFAULT PRIVILEGES",
    OBJ.OBJECT_PUBLICATION_NAMESPACE: "PUBLICATION",
    OBJ.OBJECT_PUBLICATION_REL: "PUBLICATION",
}


def object_word(objtype: int) -> str:
    """The SQL words for an object type: OBJECT_MATVIEW → 'MATERIALIZED VIEW'."""
    if objtype in _OBJECT_WORDS:
        return _OBJECT_WORDS[objtype]
    return str(OBJ.Name(objtype)).removeprefix("OBJECT_").replace("_", " ")


# CREATE <thing> (...) definitions that are ordinary schema objects. Base types, text search parsers and
# templates need C functions (and superuser), so they stay off the list (statement-kind rules).
DEFINABLE: frozenset[int] = frozenset(
    {
        OBJ.OBJECT_COLLATION,
        OBJ.OBJECT_AGGREGATE,
        OBJ.OBJECT_OPERATOR,
        OBJ.OBJECT_TSCONFIGURATION,
        OBJ.OBJECT_TSDICTIONARY,
    }
)


# Definitions PostgreSQL reserves for superusers although they run no code of the document's (a wrong operator
# class can crash a backend, so the server wants an administrator's word): the shadow runs them, and comments on
# what they create, as the connecting role.
SUPERUSER_OBJECTS = frozenset({OBJ.OBJECT_OPCLASS, OBJ.OBJECT_OPFAMILY, OBJ.OBJECT_TSPARSER, OBJ.OBJECT_TSTEMPLATE})
