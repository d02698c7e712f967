"""The lint rules, one per module, in id order. docs/lint/ is generated from them."""

from __future__ import annotations

from schemawright.lint.model import Rule
from schemawright.lint.rules.sw100_suppression_without_rationale import SuppressionWithoutRationale
from schemawright.lint.rules.sw101_foreign_key_missing import ForeignKeyMissing
from schemawright.lint.rules.sw102_foreign_key_not_indexed import ForeignKeyNotIndexed
from schemawright.lint.rules.sw103_uuid_v4_primary_key import UuidV4PrimaryKey
from schemawright.lint.rules.sw104_json_without_decision import JsonWithoutDecision
from schemawright.lint.rules.sw105_jsonb_containment_without_gin import JsonbContainmentWithoutGin
from schemawright.lint.rules.sw106_partitioned_too_early import PartitionedTooEarly
from schemawright.lint.rules.sw107_large_table_not_partitioned import LargeTableNotPartitioned
from schemawright.lint.rules.sw108_not_null_without_default import NotNullWithoutDefault
from schemawright.lint.rules.sw109_soft_delete_without_partial_index import SoftDeleteWithoutPartialIndex
from schemawright.lint.rules.sw110_tenant_table_without_rls import TenantTableWithoutRls
from schemawright.lint.rules.sw111_timestamp_without_time_zone import TimestampWithoutTimeZone
from schemawright.lint.rules.sw112_serial_column import SerialColumn
from schemawright.lint.rules.sw113_varchar_length_limit import VarcharLengthLimit
from schemawright.lint.rules.sw114_money_type import MoneyType
from schemawright.lint.rules.sw115_missing_primary_key import MissingPrimaryKey
from schemawright.lint.rules.sw116_materialized_view_without_unique_index import MaterializedViewWithoutUniqueIndex
from schemawright.lint.rules.sw120_access_pattern_unserved import AccessPatternUnserved
from schemawright.lint.rules.sw121_index_unused import IndexUnused
from schemawright.lint.rules.sw122_access_pattern_invalid import AccessPatternInvalid

ALL_RULES: tuple[Rule, ...] = (
    SuppressionWithoutRationale(),
    ForeignKeyMissing(),
    ForeignKeyNotIndexed(),
    UuidV4PrimaryKey(),
    JsonWithoutDecision(),
    JsonbContainmentWithoutGin(),
    PartitionedTooEarly(),
    LargeTableNotPartitioned(),
    NotNullWithoutDefault(),
    SoftDeleteWithoutPartialIndex(),
    TenantTableWithoutRls(),
    TimestampWithoutTimeZone(),
    SerialColumn(),
    VarcharLengthLimit(),
    MoneyType(),
    MissingPrimaryKey(),
    MaterializedViewWithoutUniqueIndex(),
    AccessPatternUnserved(),
    IndexUnused(),
    AccessPatternInvalid(),
)


def rule(rule_id: str) -> Rule | None:
    """The rule with id ``rule_id``, or None."""
    return next((r for r in ALL_RULES if r.id == rule_id), None)
