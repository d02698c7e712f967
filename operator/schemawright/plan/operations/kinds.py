"""The typed operations plan steps come from: every step names one, in the plan and its JSON (``operation``).

Each rewrite module produces the steps of the operations named after it; the differ's statements that no
rewrite claims are ``differ_statement`` (a known statement kind, placed by its hazards) or ``unclassified``
(a kind the classifier does not know: strongest lock, held in contract).
"""

from __future__ import annotations

from enum import StrEnum


class Operation(StrEnum):
    """What a step is for; the value is the rewrite that makes it (see docs/plan-format.md)."""

    CREATE_EXTENSION = "create_extension"
    UPDATE_EXTENSION = "update_extension"
    DROP_EXTENSION = "drop_extension"
    RENAME = "rename"
    REBUILD_INVALID_INDEX = "rebuild_invalid"
    MEMBER_OF_DROPPED_TABLE = "member_of_dropped_table"  # a key or index of a dropped table: no step of its own
    REBUILD_ENUM = "rebuild_enum"
    CREATE_INDEX = "create_index"
    DROP_INDEX = "drop_index"
    ADD_CONSTRAINT = "add_constraint"
    VALIDATE_CONSTRAINT = "validate_constraint"
    DROP_CONSTRAINT = "drop_constraint"
    ADD_COLUMN = "add_column"
    SET_NOT_NULL = "set_not_null"
    RELAX_COLUMN = "relax_column"
    DROP_COLUMN = "drop_column"
    ALTER_TYPE = "alter_type"
    REPLACE_TRIGGER = "replace_trigger"  # CREATE OR REPLACE TRIGGER (or drop + create in one transaction)
    REPLACE_POLICY = "replace_policy"  # ALTER POLICY (or drop + create in one transaction)
    FORCE_ROW_SECURITY = "force_row_security"  # FORCE / NO FORCE ROW LEVEL SECURITY (the differ misses it)
    ADD_IDENTITY = "add_identity"  # a live column becomes an identity, its sequence past the existing ids
    IDENTITY_TO_SERIAL = "identity_to_serial"  # identity dropped, a serial sequence past the existing ids
    DIFFER_PLACEHOLDER = "differ_placeholder"  # the differ's `select 1; -- …` stand-ins: no step
    ALTER_DOMAIN = "alter_domain"  # a domain's default, NOT NULL or checks (the differ misses them)
    ALTER_SEQUENCE = "alter_sequence"  # a sequence's options (the differ misses them)
    VIEW_OPTIONS = "view_options"  # a view's options (the differ misses them)
    PRIVILEGES = "privileges"  # GRANT / REVOKE from both catalogs (the differ leaves privileges out)
    COMMENT = "comment"  # COMMENT ON a table, view or column from both catalogs (the differ leaves comments out)
    DROP_TABLE = "drop_table"
    DROP_OBJECT = "drop_object"
    CREATE_OBJECT = "create_object"
    REPLACE_VIEW = "replace_view"  # a view dropped and re-created in one transaction
    REPLACE_RELATION = "replace_relation"  # same name, another kind: built aside and swapped, or dropped + created
    REPLACE_COLUMN = "replace_column"  # same column dropped and added: one transaction
    MOVE_COLUMN = "move_column"  # a column moved from an inheritance parent to its child
    NO_INHERIT = "no_inherit"  # a child leaves its parent, keeping its columns
    ALTER_COMPOSITE = "alter_composite"  # a composite type's attributes changed in place (or swapped)
    ATTACH_PARTITION = "attach_partition"  # a table attached as a partition, or a partition's bound changed
    PARTITIONED_KEY = "partitioned_key"  # a key added to a partitioned table: partitions' keys first, then attached
    SET_EXPRESSION = "generated_expression"  # a changed generation expression, set in place
    DROP_EXPRESSION = "drop_expression"  # a stored generated column becomes plain, its values kept
    GENERATED_KIND = "generated_kind"  # a generated column stored <-> virtual: dropped and added in one transaction
    CREATE_MATVIEW = "create_matview"  # created WITH NO DATA in expand, populated by a refresh in backfill
    REPLACE_MATVIEW = "replace_matview"  # built and populated beside the old one, swapped by renames
    REPLACE_FUNCTION = "replace_function"  # return type changed: dropped and created with its users, one transaction
    REINDEX = "reindex"  # an expression index over a function whose body changed, rebuilt concurrently
    RENAME_CONSTRAINT = "rename_constraint"  # the differ's drop + add of one definition under a new name
    CONSTRAINT_TO_INDEX = "constraint_to_index"  # a unique constraint becomes a plain unique index of its name
    REPLACE_DOMAIN = "replace_domain"  # base type changed: created aside, columns re-typed, swapped by a rename
    RETYPE_FOREIGN_KEYS = "retype_foreign_keys"  # both sides of foreign keys retyped between a drop and an add
    DIFFER_STATEMENT = "differ_statement"
    UNCLASSIFIED = "unclassified"
