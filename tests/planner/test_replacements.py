"""Object-kind changes planned as one change (composite types, inheritance, generated kinds, partitions), as a
pure function: hand-built catalogs, no database. The fixtures in this folder apply the same cases for real."""

from __future__ import annotations

from schemawright.classify.hazards import Hazard
from schemawright.inspect.catalog import Catalog, Column, Table
from schemawright.plan import Hints, PhaseName, build_plan
from schemawright.plan.operations import Operation

ID = Column("id", "integer", not_null=True)
PEOPLE = Table("public", "people", {"id": ID, "home": Column("home", "address")}, row_estimate=2, size_bytes=8192)
HOME_USES_ADDRESS = ((("column", "public", "people", "home"), ("type", "public", "address")),)
RECREATE_ADDRESS = ['drop type "public"."address"', 'create type "public"."address" as ("street" text, "zip" text)']


def test_a_composite_type_gaining_an_attribute_is_altered_in_place_not_dropped() -> None:
    live = Catalog(
        tables={("public", "people"): PEOPLE},
        dependencies=HOME_USES_ADDRESS,
        composite_types={("public", "address"): (("street", "text"),)},
    )
    desired = Catalog(
        tables={("public", "people"): PEOPLE},
        dependencies=HOME_USES_ADDRESS,
        composite_types={("public", "address"): (("street", "text"), ("zip", "text"))},
    )
    (step,) = build_plan(RECREATE_ADDRESS, live, desired, Hints()).steps
    assert step.sql == 'ALTER TYPE "public"."address" ADD ATTRIBUTE "zip" text;'
    assert step.phase is PhaseName.EXPAND and not step.destructive
    assert step.rollback == 'ALTER TYPE "public"."address" DROP ATTRIBUTE "zip"'
    assert step.operation == Operation.ALTER_COMPOSITE


def test_a_composite_attribute_retyped_under_a_column_is_swapped_in_one_transaction_keeping_nulls() -> None:
    live = Catalog(
        tables={("public", "people"): PEOPLE},
        dependencies=HOME_USES_ADDRESS,
        composite_types={("public", "address"): (("street", "text"), ("zip", "integer"))},
    )
    desired = Catalog(
        tables={("public", "people"): PEOPLE},
        dependencies=HOME_USES_ADDRESS,
        composite_types={("public", "address"): (("street", "text"), ("zip", "text"))},
    )
    (step,) = build_plan(RECREATE_ADDRESS, live, desired, Hints()).steps
    statements = step.sql.split(";\n")
    assert statements[0] == 'CREATE TYPE "public"."address__sw_new" AS ("street" text, "zip" text)'
    assert 'USING CASE WHEN "home"::text IS NULL THEN NULL ELSE ROW(("home")."street", ("home")."zip")' in statements[1]
    assert statements[2:] == [
        'DROP TYPE "public"."address"',
        'ALTER TYPE "public"."address__sw_new" RENAME TO "address";',
    ]
    assert step.phase is PhaseName.CONTRACT and Hazard.TABLE_REWRITE in step.hazards


INHERITS = ((("relation", "public", "trucks"), ("relation", "public", "vehicles")),)


def _vehicles(extra: dict[str, Column], child_extra: dict[str, Column] | None = None) -> Catalog:
    parent = Table("public", "vehicles", {"id": ID, **extra}, ("id",), row_estimate=1, size_bytes=8192)
    child = Table("public", "trucks", {"id": ID, **extra, **(child_extra or {})}, row_estimate=1, size_bytes=8192)
    return Catalog(tables={("public", "vehicles"): parent, ("public", "trucks"): child}, dependencies=INHERITS)


def test_a_column_added_to_an_inheritance_parent_is_not_added_to_its_child_again() -> None:
    wheels = {"wheels": Column("wheels", "integer")}
    plan = build_plan(
        [
            'alter table "public"."vehicles" add column "wheels" integer',
            'alter table "public"."trucks" add column "wheels" integer',
        ],
        _vehicles({}),
        _vehicles(wheels),
        Hints(),
    )
    (step,) = plan.steps
    assert "vehicles" in step.sql and "trucks" not in step.sql


def test_a_child_leaving_its_parent_keeps_its_columns_and_only_relaxes_what_the_parent_imposed() -> None:
    live = _vehicles({"name": Column("name", "text", not_null=True)})
    desired = Catalog(
        tables={
            ("public", "vehicles"): live.tables[("public", "vehicles")],
            ("public", "trucks"): Table(
                "public", "trucks", {"id": Column("id", "integer"), "name": Column("name", "text", not_null=True)}
            ),
        }
    )
    plan = build_plan(
        [
            'alter table "public"."trucks" no inherit "public"."vehicles"',
            'alter table "public"."trucks" add column "id" integer',
            'alter table "public"."trucks" add column "name" text not null',
        ],
        live,
        desired,
        Hints(),
    )
    (step,) = plan.steps
    assert step.sql == (
        'ALTER TABLE "public"."trucks" NO INHERIT "public"."vehicles";\n'
        'ALTER TABLE "public"."trucks" ALTER COLUMN "id" DROP NOT NULL;'
    )
    assert step.phase is PhaseName.CONTRACT and step.destructive and Hazard.BREAKS_CLIENTS in step.hazards
    assert step.rollback == (
        'ALTER TABLE "public"."trucks" ALTER COLUMN "id" SET NOT NULL;\n'
        'ALTER TABLE "public"."trucks" INHERIT "public"."vehicles"'
    )


def _items(generated: str) -> Catalog:
    total = Column("total", "numeric", default="(price * 2)", generated=generated)
    return Catalog(
        tables={
            ("public", "items"): Table(
                "public",
                "items",
                {"id": ID, "price": Column("price", "numeric"), "total": total},
                row_estimate=5,
                size_bytes=8192,
            )
        }
    )


def test_a_stored_generated_column_becoming_virtual_is_replaced_although_the_differ_sees_nothing() -> None:
    (step,) = build_plan([], _items("s"), _items("v"), Hints()).steps
    assert step.sql == (
        'ALTER TABLE "public"."items" DROP COLUMN "total";\n'
        'ALTER TABLE "public"."items" ADD COLUMN "total" numeric GENERATED ALWAYS AS ((price * 2)) '
        "VIRTUAL;"
    )
    assert step.phase is PhaseName.CONTRACT and Hazard.TABLE_REWRITE not in step.hazards
    assert step.rollback and step.rollback.endswith("STORED")


def test_dropping_the_expression_of_a_stored_column_keeps_its_values_without_a_rewrite() -> None:
    plain = Catalog(
        tables={
            ("public", "items"): Table(
                "public", "items", {"id": ID, "price": Column("price", "numeric"), "total": Column("total", "numeric")}
            )
        }
    )
    (step,) = build_plan(
        ['alter table "public"."items" alter column "total" drop expression'], _items("s"), plain, Hints()
    ).steps
    assert step.phase is PhaseName.EXPAND and Hazard.TABLE_REWRITE not in step.hazards


def _accounts(values: str, populated: bool = True) -> Catalog:
    part = Table(
        "public",
        "accounts_eu",
        {"id": ID},
        row_estimate=3 if populated else 0,
        size_bytes=8192 if populated else 0,
        partition_of=("public", "accounts"),
        partition_bound=f"FOR VALUES IN ({values})",
        partition_constraint=f"(region = ANY (ARRAY[{values}]))",
    )
    return Catalog(
        tables={
            ("public", "accounts"): Table("public", "accounts", {"id": ID}, kind="p"),
            ("public", "accounts_eu"): part,
        }
    )


def test_a_list_value_added_to_a_populated_partition_is_proven_by_a_check_before_the_short_reattach() -> None:
    check, validate, reattach = build_plan([], _accounts("'eu'"), _accounts("'eu', 'uk'"), Hints()).steps
    assert (check.phase, validate.phase, reattach.phase) == (PhaseName.EXPAND, PhaseName.CONSTRAIN, PhaseName.CONSTRAIN)
    assert "CHECK ((region = ANY (ARRAY['eu', 'uk']))) NOT VALID" in check.sql
    assert Hazard.VALIDATION_SCAN in validate.hazards
    assert reattach.sql.split(";\n") == [
        'ALTER TABLE "public"."accounts" DETACH PARTITION "public"."accounts_eu"',
        'ALTER TABLE "public"."accounts" ATTACH PARTITION "public"."accounts_eu" FOR VALUES IN (\'eu\', \'uk\')',
        'ALTER TABLE "public"."accounts_eu" DROP CONSTRAINT "accounts_eu__sw_bound";',
    ]
    assert not reattach.hazards and reattach.operation == Operation.ATTACH_PARTITION


def test_an_empty_partition_gets_its_new_bound_at_once() -> None:
    (step,) = build_plan(
        [], _accounts("'eu'", populated=False), _accounts("'eu', 'uk'", populated=False), Hints()
    ).steps
    assert step.phase is PhaseName.EXPAND and "DETACH PARTITION" in step.sql and "ATTACH PARTITION" in step.sql


def test_a_regular_table_becoming_partitioned_keeps_every_row() -> None:
    columns = {"id": ID, "at": Column("at", "date", not_null=True)}
    live = Catalog(tables={("public", "m"): Table("public", "m", columns, row_estimate=3, size_bytes=8192)})
    desired = Catalog(
        tables={
            ("public", "m"): Table("public", "m", columns, kind="p"),
            ("public", "m_2026"): Table("public", "m_2026", columns, partition_of=("public", "m")),
        }
    )
    plan = build_plan(
        [
            'create table "public"."m_2026" partition of "public"."m" FOR VALUES FROM (\'2026-01-01\') '
            "TO ('2027-01-01')",
            'drop table "public"."m"',
            'create table "public"."m" ("id" integer not null, "at" date not null) partition by RANGE (at)',
        ],
        live,
        desired,
        Hints(),
    )
    (step,) = plan.steps
    statements = step.sql.split(";\n")
    assert statements[0] == 'LOCK TABLE "public"."m" IN EXCLUSIVE MODE'
    assert "PARTITION OF public.m__sw_new" in statements[2]
    assert statements[3] == (
        'INSERT INTO "public"."m__sw_new" ("id", "at") OVERRIDING SYSTEM VALUE SELECT "id", "at" FROM "public"."m"'
    )
    assert statements[-2:] == ['DROP TABLE "public"."m"', 'ALTER TABLE "public"."m__sw_new" RENAME TO "m";']
    assert step.phase is PhaseName.CONTRACT and not step.destructive and Hazard.TABLE_REWRITE in step.hazards
