"""Planner v2 as a pure function: change sets, the dependency schedule, fail-closed classification and the
operation every step names. Hand-built catalogs, no database."""

from __future__ import annotations

import pytest

from schemawright import engine
from schemawright.classify.hazards import Hazard, Lock
from schemawright.errors import PlanError
from schemawright.inspect.catalog import Catalog, Column, Constraint, Table
from schemawright.plan import Hints, PhaseName, Plan, build_plan
from schemawright.plan.operations import Operation
from schemawright.plan.planner import REWRITES
from schemawright.spec import from_document

ID = Column("id", "bigint", not_null=True)


def tags(*, pk: bool, rows: int = 200) -> Catalog:
    columns = {"id": Column("id", "bigint", not_null=pk), "label": Column("label", "text", not_null=True)}
    table = Table(
        schema="public",
        name="tags",
        columns=columns,
        primary_key=("id",) if pk else (),
        row_estimate=rows,
        size_bytes=8192,
    )
    constraints = (
        {("public", "tags", "tags_pkey"): Constraint("public", "tags", "tags_pkey", "p", "PRIMARY KEY (id)")}
        if pk
        else {}
    )
    edges = ((("constraint", "public", "tags", "tags_pkey"), ("column", "public", "tags", "id")),) if pk else ()
    return Catalog(tables={("public", "tags"): table}, constraints=constraints, dependencies=edges)


def test_drop_not_null_on_a_primary_key_column_waits_for_the_key_drop_in_contract() -> None:
    plan = build_plan(
        [
            'alter table "public"."tags" alter column "id" drop not null',
            'alter table "public"."tags" drop constraint "tags_pkey"',
        ],
        tags(pk=True),
        tags(pk=False),
        Hints(),
    )
    kinds = [(s.phase, s.kind) for s in plan.steps]
    drop_key = kinds.index((PhaseName.CONTRACT, "ALTER TABLE DROP CONSTRAINT"))
    relax = kinds.index((PhaseName.CONTRACT, "ALTER TABLE DROP NOT NULL"))
    assert drop_key < relax, kinds
    assert "after the ALTER TABLE DROP CONSTRAINT of public.tags.tags_pkey" in plan.steps[relax].reason


def test_a_statement_the_classifier_does_not_know_is_held_with_the_strongest_lock() -> None:
    plan = build_plan(['ALTER FUNCTION "public"."f"() OWNER TO someone'], Catalog(), Catalog(), Hints())
    (step,) = plan.steps
    assert step.phase is PhaseName.CONTRACT
    assert step.lock is Lock.ACCESS_EXCLUSIVE
    assert Hazard.UNCLASSIFIED in step.hazards
    assert step.operation == Operation.UNCLASSIFIED
    assert plan.approval_steps == [step]


def test_every_rewrite_is_a_named_operation_and_every_step_names_one() -> None:
    assert {Operation(r.__name__) for r in REWRITES}
    plan = build_plan(
        [
            'alter table "public"."tags" alter column "id" drop not null',
            'alter table "public"."tags" drop constraint "tags_pkey"',
        ],
        tags(pk=True),
        tags(pk=False),
        Hints(),
    )
    assert all(s.operation for s in plan.steps)
    data = plan.to_dict()
    assert data["formatVersion"] == 2
    assert [s["operation"] for p in data["phases"] for s in p["steps"]] == [s.operation for s in plan.steps]
    assert Plan.from_dict(data).steps == plan.steps


def _items(expression: str, *, generated: str = "s", rows: int = 300) -> Catalog:
    columns = {
        "id": ID,
        "price": Column("price", "numeric", not_null=True),
        "total": Column("total", "numeric", default=expression, generated=generated),
    }
    return Catalog(
        tables={("public", "items"): Table("public", "items", columns, ("id",), row_estimate=rows, size_bytes=8192 * 4)}
    )


def test_a_changed_generation_expression_is_set_in_place_not_as_a_default() -> None:
    plan = build_plan(
        ['alter table "public"."items" alter column "total" set default (price * 2)'],
        _items("(price * 1)"),
        _items("(price * 2)"),
        Hints(),
    )
    (step,) = plan.steps
    assert step.sql == 'ALTER TABLE "public"."items" ALTER COLUMN "total" SET EXPRESSION AS ((price * 2));'
    assert step.phase is PhaseName.CONTRACT and Hazard.TABLE_REWRITE in step.hazards
    assert step.rollback == 'ALTER TABLE "public"."items" ALTER COLUMN "total" SET EXPRESSION AS ((price * 1))'


def test_a_virtual_generation_expression_changes_online() -> None:
    plan = build_plan(
        ['alter table "public"."items" alter column "total" set default (price * 2)'],
        _items("(price * 1)", generated="v"),
        _items("(price * 2)", generated="v"),
        Hints(),
    )
    (step,) = plan.steps
    assert step.phase is PhaseName.EXPAND and Hazard.TABLE_REWRITE not in step.hazards


def test_a_view_replaced_by_a_materialized_view_is_built_aside_populated_then_swapped() -> None:
    live = Catalog(
        views={("public", "totals"): "VIEW : SELECT 1"},
        view_sql={("public", "totals"): 'CREATE VIEW "public"."totals" AS SELECT 1;'},
    )
    desired = Catalog(views={("public", "totals"): "MATERIALIZED VIEW : SELECT 1"})
    plan = build_plan(
        ['drop view if exists "public"."totals"', 'create materialized view "public"."totals" as SELECT 1 AS one'],
        live,
        desired,
        Hints(),
    )
    build, populate, swap = plan.steps
    assert (build.phase, populate.phase, swap.phase) == (PhaseName.EXPAND, PhaseName.BACKFILL, PhaseName.CONSTRAIN)
    assert "totals__sw_new" in build.sql and build.sql.startswith("CREATE MATERIALIZED VIEW")
    assert "WITH NO DATA" in build.sql and populate.sql.startswith("REFRESH MATERIALIZED VIEW")
    assert swap.sql.startswith('DROP VIEW "public"."totals";') and 'RENAME TO "totals"' in swap.sql
    assert swap.transactional and not swap.destructive
    assert swap.rollback and 'CREATE VIEW "public"."totals"' in swap.rollback
    assert {build.operation, populate.operation, swap.operation} == {Operation.REPLACE_MATVIEW}


def test_a_partitioned_table_replaced_by_a_regular_one_is_one_held_transaction() -> None:
    events = Table("public", "events", {"id": ID}, kind="p", row_estimate=300, size_bytes=8192)
    live = Catalog(tables={("public", "events"): events})
    desired = Catalog(tables={("public", "events"): Table("public", "events", {"id": ID})})
    plan = build_plan(
        ['drop table "public"."events"', 'create table "public"."events" ("id" bigint not null)'],
        live,
        desired,
        Hints(),
    )
    (step,) = plan.steps
    assert step.phase is PhaseName.CONTRACT and step.destructive and step.transactional
    assert step.sql.startswith('drop table "public"."events";\ncreate table "public"."events"')
    assert Hazard.DELETES_DATA in step.hazards and step.lock is Lock.ACCESS_EXCLUSIVE


def test_a_column_moved_to_an_inheritance_child_keeps_the_childs_values() -> None:
    wings = Column("wings", "integer")
    inherit = ((("relation", "public", "birds"), ("relation", "public", "animals")),)
    live = Catalog(
        tables={
            ("public", "animals"): Table("public", "animals", {"id": ID, "wings": wings}),
            ("public", "birds"): Table("public", "birds", {"id": ID, "wings": wings}),
        },
        dependencies=inherit,
    )
    desired = Catalog(
        tables={
            ("public", "animals"): Table("public", "animals", {"id": ID}),
            ("public", "birds"): Table("public", "birds", {"id": ID, "wings": wings}),
        },
        dependencies=inherit,
    )
    plan = build_plan(
        [
            'alter table "public"."animals" drop column "wings"',
            'alter table "public"."birds" add column "wings" integer',
        ],
        live,
        desired,
        Hints(),
    )
    (step,) = plan.steps
    assert step.sql == 'ALTER TABLE ONLY "public"."animals" DROP COLUMN "wings";'
    assert step.phase is PhaseName.CONTRACT and step.operation == Operation.MOVE_COLUMN


def test_extension_updated_to_the_desired_version_and_undeclared_one_in_a_managed_schema_dropped() -> None:
    live = Catalog(
        extensions={"citext": "1.5", "hstore": "1.8", "pg_stat_statements": "1.11"},
        extension_schemas={"citext": "public", "hstore": "public", "pg_stat_statements": "monitoring"},
    )
    desired = Catalog(extensions={"citext": "1.6"})
    plan = build_plan([], live, desired, Hints(extensions=("citext",)))
    update, drop = plan.steps
    assert update.sql == "ALTER EXTENSION \"citext\" UPDATE TO '1.6';" and update.phase is PhaseName.EXPAND
    assert update.rollback is None, "extensions rarely ship a downgrade script"
    assert drop.sql == 'DROP EXTENSION "hstore";' and drop.phase is PhaseName.CONTRACT and drop.destructive
    kept = build_plan([], live, desired, Hints(extensions=("citext",), keep_undeclared_extensions=True))
    assert [s.sql for s in kept.steps] == [update.sql]


def test_an_extension_downgrade_is_refused_at_plan_time_naming_both_versions() -> None:
    live = Catalog(extensions={"citext": "1.6"}, extension_schemas={"citext": "public"})
    desired = Catalog(extensions={"citext": "1.4"})
    with pytest.raises(PlanError, match=r"extension citext: .*version 1\.4, but the live database has 1\.6") as err:
        build_plan([], live, desired, Hints(extensions=("citext",)))
    assert "Declare version 1.6" in str(err.value)
    newer = build_plan([], live, Catalog(extensions={"citext": "1.10"}), Hints(extensions=("citext",)))
    assert [s.sql for s in newer.steps] == ["ALTER EXTENSION \"citext\" UPDATE TO '1.10';"], "1.10 is newer than 1.6"


def test_keep_undeclared_extensions_in_the_policy_reaches_the_planner() -> None:
    document = {
        "apiVersion": "schemawright.io/v1alpha1",
        "kind": "DatabaseSchema",
        "metadata": {"name": "x"},
        "spec": {"policy": {"keepUndeclaredExtensions": True}},
    }
    hints = engine.hints_for(from_document(document, "doc.yaml"))
    live = Catalog(extensions={"hstore": "1.8"}, extension_schemas={"hstore": "public"})
    assert hints.keep_undeclared_extensions
    assert build_plan([], live, Catalog(), hints).is_empty, "hstore is kept"
    assert not build_plan([], live, Catalog(), Hints()).is_empty, "by default it is dropped"


def test_a_trigger_is_created_after_its_function_whatever_the_differs_order() -> None:
    audit = Table("public", "audit", {"id": ID}, ("id",), row_estimate=10, size_bytes=8192)
    edge = ((("trigger", "public", "audit", "audit_touch"), ("function", "public", "touch")),)
    live = Catalog(tables={("public", "audit"): audit})
    desired = Catalog(tables={("public", "audit"): audit}, dependencies=edge)
    plan = build_plan(
        [
            "CREATE TRIGGER audit_touch BEFORE UPDATE ON public.audit FOR EACH ROW EXECUTE FUNCTION public.touch()",
            "CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
        ],
        live,
        desired,
        Hints(),
    )
    assert [s.kind for s in plan.steps] == ["CREATE FUNCTION", "CREATE TRIGGER"]


def test_a_partition_is_dropped_before_its_parent() -> None:
    parent = Table("public", "events", {"id": ID}, kind="p", row_estimate=10, size_bytes=8192)
    child = Table(
        "public", "events_2026", {"id": ID}, row_estimate=10, size_bytes=8192, partition_of=("public", "events")
    )
    edge = ((("relation", "public", "events_2026"), ("relation", "public", "events")),)
    live = Catalog(tables={("public", "events"): parent, ("public", "events_2026"): child}, dependencies=edge)
    plan = build_plan(['DROP TABLE "public"."events"', 'DROP TABLE "public"."events_2026"'], live, Catalog(), Hints())
    assert [s.sql for s in plan.steps] == ['DROP TABLE "public"."events_2026";', 'DROP TABLE "public"."events";']


def test_a_sequence_owned_by_the_new_table_it_numbers_keeps_the_differs_order() -> None:
    edges = (
        (("column", "public", "example", "id"), ("relation", "public", "example_id_seq")),
        (("relation", "public", "example_id_seq"), ("column", "public", "example", "id")),
    )
    desired = Catalog(
        tables={("public", "example"): Table("public", "example", {"id": ID})},
        sequences=(("public", "example_id_seq"),),
        dependencies=edges,
    )
    plan = build_plan(
        [
            'create sequence "public"."example_id_seq"',
            """create table "public"."example" ("id" integer not null default nextval('example_id_seq'::regclass))""",
            'alter table "public"."example" enable row level security',
        ],
        Catalog(),
        desired,
        Hints(),
    )
    assert [s.kind for s in plan.steps] == ["CREATE SEQUENCE", "CREATE TABLE", "ALTER TABLE ENABLE ROW LEVEL SECURITY"]


def test_a_new_extension_is_created_at_the_version_the_shadow_has() -> None:
    """A pin below the server's default (migra's extversions: citext 1.5) is installed as written, not as the
    live server's default, which the next plan would then refuse as a downgrade."""
    plan = build_plan([], Catalog(), Catalog(extensions={"citext": "1.5"}), Hints(extensions=("citext",)))
    assert [s.sql for s in plan.steps] == ["CREATE EXTENSION IF NOT EXISTS \"citext\" VERSION '1.5';"]
