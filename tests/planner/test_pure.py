"""The planner as a pure function: hand-built catalogs and differ statements in, a ``Plan`` out.

No database is involved; each test states what a user would see in the plan.
"""

from __future__ import annotations

import json

import pytest

from schemawright.classify.hazards import Hazard, Lock
from schemawright.errors import PlanError
from schemawright.inspect.catalog import Catalog, Column, Constraint, Index, Table
from schemawright.plan import Hints, PhaseName, Plan, Step, build_plan
from schemawright.plan.model import PHASE_ORDER

ID = Column("id", "bigint", not_null=True)


def table(name: str, *columns: Column, rows: int = 0, pk: tuple[str, ...] = ("id",)) -> Table:
    """A table in ``public``; ``rows`` > 0 makes it populated (row estimate and data pages)."""
    return Table(
        schema="public",
        name=name,
        columns={c.name: c for c in (ID, *columns)},
        primary_key=pk,
        row_estimate=rows,
        size_bytes=8192 * (1 + rows // 100) if rows else 0,
    )


def catalog(*tables: Table, **extra: object) -> Catalog:
    return Catalog(tables={(t.schema, t.name): t for t in tables}, **extra)  # type: ignore[arg-type]


ORDERS_LIVE = table("orders", Column("status", "text", not_null=True), rows=5000)
ORDERS_EMPTY = table("orders", Column("status", "text", not_null=True))


def only_step(plan: Plan):  # type: ignore[no-untyped-def]
    assert len(plan.steps) == 1, [s.sql for s in plan.steps]
    return plan.steps[0]


# --- indexes ---------------------------------------------------------------------------------------


def test_index_on_a_populated_table_is_built_concurrently_outside_a_transaction() -> None:
    plan = build_plan(
        ["CREATE INDEX orders_status_idx ON public.orders USING btree (status)"],
        catalog(ORDERS_LIVE),
        catalog(ORDERS_LIVE),
        Hints(),
    )
    step = only_step(plan)
    assert step.sql.startswith("CREATE INDEX CONCURRENTLY orders_status_idx ON public.orders")
    assert step.phase is PhaseName.EXPAND
    assert not step.transactional, "CREATE INDEX CONCURRENTLY cannot run inside a transaction block"
    assert step.lock is Lock.SHARE_UPDATE_EXCLUSIVE, "writes must continue during the build"
    assert Hazard.INDEX_BUILD in step.hazards
    assert Hazard.BLOCKS_WRITES not in step.hazards
    assert step.rollback == 'DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_status_idx"'
    assert step.long_running


def test_index_on_a_new_table_stays_plain_and_transactional() -> None:
    plan = build_plan(
        [
            "CREATE TABLE public.orders (id bigint NOT NULL, status text NOT NULL)",
            "CREATE INDEX orders_status_idx ON public.orders USING btree (status)",
        ],
        catalog(),
        catalog(ORDERS_EMPTY),
        Hints(),
    )
    create_table, create_index = plan.steps
    assert create_table.kind == "CREATE TABLE"
    assert create_index.sql == "CREATE INDEX orders_status_idx ON public.orders USING btree (status);"
    assert create_index.transactional
    assert create_index.hazards == ()
    assert {s.phase for s in plan.steps} == {PhaseName.EXPAND}


def test_changed_index_is_rebuilt_beside_the_old_one_then_swapped() -> None:
    old = Index(
        "public", "orders_status_idx", "orders", "CREATE INDEX orders_status_idx ON public.orders USING btree (status)"
    )
    live = catalog(ORDERS_LIVE, indexes={("public", "orders_status_idx"): old})
    plan = build_plan(
        [
            "DROP INDEX public.orders_status_idx",
            "CREATE INDEX orders_status_idx ON public.orders USING btree (status, id)",
        ],
        live,
        catalog(ORDERS_LIVE),
        Hints(),
    )
    assert [s.sql.split(" ON ")[0] for s in plan.steps] == [
        "CREATE INDEX CONCURRENTLY orders_status_idx__sw_new",
        'DROP INDEX CONCURRENTLY "public"."orders_status_idx";',
        'ALTER INDEX "public"."orders_status_idx__sw_new" RENAME TO "orders_status_idx";',
    ]
    assert all(s.phase is PhaseName.EXPAND and not s.destructive for s in plan.steps)
    assert not plan.steps[0].transactional and not plan.steps[1].transactional


def test_dropped_index_waits_in_contract_and_drops_concurrently() -> None:
    old = Index(
        "public", "orders_status_idx", "orders", "CREATE INDEX orders_status_idx ON public.orders USING btree (status)"
    )
    live = catalog(ORDERS_LIVE, indexes={("public", "orders_status_idx"): old})
    step = only_step(build_plan(["DROP INDEX public.orders_status_idx"], live, catalog(ORDERS_LIVE), Hints()))
    assert step.phase is PhaseName.CONTRACT
    assert step.sql == 'DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_status_idx";'
    assert not step.transactional
    assert step.rollback is not None and "CONCURRENTLY" in step.rollback, "a dropped index can be rebuilt online"


# --- columns ---------------------------------------------------------------------------------------


def test_not_null_column_without_default_or_backfill_on_a_populated_table_names_the_document_path() -> None:
    desired = catalog(
        table("orders", Column("status", "text", not_null=True), Column("currency", "text", not_null=True), rows=5000)
    )
    hints = Hints(paths={("public", "orders", "currency"): "spec.tables[0].columns[2]"})
    with pytest.raises(PlanError) as raised:
        build_plan(
            ["ALTER TABLE public.orders ADD COLUMN currency text NOT NULL"], catalog(ORDERS_LIVE), desired, hints
        )
    message = str(raised.value)
    assert message.startswith("spec.tables[0].columns[2]: ")
    assert "backfill" in message and "default" in message, "the error says how to fix the document"


def test_not_null_column_with_backfill_is_added_nullable_filled_then_constrained() -> None:
    desired = catalog(
        table("orders", Column("status", "text", not_null=True), Column("currency", "text", not_null=True), rows=5000)
    )
    hints = Hints(backfills={("public", "orders", "currency"): "'EUR'"}, batch_size=250)
    plan = build_plan(
        ["ALTER TABLE public.orders ADD COLUMN currency text NOT NULL"], catalog(ORDERS_LIVE), desired, hints
    )
    add, fill, check, validate, enforce = plan.steps
    assert (add.phase, add.sql) == (PhaseName.EXPAND, "ALTER TABLE public.orders ADD COLUMN currency text;")
    assert fill.phase is PhaseName.BACKFILL and Hazard.BACKFILL in fill.hazards
    assert fill.backfill is not None
    assert (fill.backfill.expression, fill.backfill.key, fill.backfill.batch_size) == ("'EUR'", ("id",), 250)
    assert check.phase is PhaseName.CONSTRAIN and check.sql.endswith("IS NOT NULL) NOT VALID;")
    assert validate.sql.startswith('ALTER TABLE "public"."orders" VALIDATE CONSTRAINT')
    assert validate.lock is Lock.SHARE_UPDATE_EXCLUSIVE
    assert "SET NOT NULL" in enforce.sql and "DROP CONSTRAINT" in enforce.sql
    assert Hazard.VALIDATION_SCAN not in enforce.hazards, "SET NOT NULL reuses the validated check: no scan"


def test_not_null_column_on_an_empty_table_is_added_directly_without_backfill() -> None:
    desired = catalog(
        table("orders", Column("status", "text", not_null=True), Column("currency", "text", not_null=True))
    )
    plan = build_plan(
        ["ALTER TABLE public.orders ADD COLUMN currency text NOT NULL"], catalog(ORDERS_EMPTY), desired, Hints()
    )
    step = only_step(plan)
    assert step.sql == "ALTER TABLE public.orders ADD COLUMN currency text NOT NULL;"
    assert Hazard.BACKFILL not in plan.hazards
    assert plan.phase(PhaseName.BACKFILL).steps == ()


def test_set_not_null_on_an_empty_table_is_one_step() -> None:
    live = catalog(table("orders", Column("note", "text")))
    desired = catalog(table("orders", Column("note", "text", not_null=True)))
    step = only_step(
        build_plan(
            ["ALTER TABLE public.orders ALTER COLUMN note SET NOT NULL"],
            live,
            desired,
            Hints(backfills={("public", "orders", "note"): "''"}),
        )
    )
    assert step.phase is PhaseName.EXPAND
    assert step.hazards == ()


def test_volatile_default_on_a_populated_table_is_not_a_rewrite() -> None:
    public_id = Column("public_id", "uuid", not_null=True, default="uuidv7()", default_volatile=True)
    desired = catalog(table("orders", Column("status", "text", not_null=True), public_id, rows=5000))
    plan = build_plan(
        ["ALTER TABLE public.orders ADD COLUMN public_id uuid DEFAULT uuidv7() NOT NULL"],
        catalog(ORDERS_LIVE),
        desired,
        Hints(),
    )
    assert plan.steps[0].sql == "ALTER TABLE public.orders ADD COLUMN public_id uuid;"
    assert plan.steps[1].sql.endswith("SET DEFAULT uuidv7();")
    assert plan.steps[2].backfill is not None and plan.steps[2].backfill.expression == "uuidv7()"
    assert Hazard.TABLE_REWRITE not in plan.hazards
    assert plan.approval_steps == []


def test_dropped_column_is_destructive_and_held_in_contract() -> None:
    live = catalog(table("orders", Column("fax", "text"), rows=5000))
    step = only_step(build_plan(["ALTER TABLE public.orders DROP COLUMN fax"], live, catalog(ORDERS_LIVE), Hints()))
    assert step.phase is PhaseName.CONTRACT and step.destructive
    assert Hazard.DELETES_DATA in step.hazards


def test_integer_to_bigint_on_a_populated_table_is_a_rewrite_held_for_approval() -> None:
    live = catalog(table("orders", Column("n", "integer"), rows=5000))
    desired = catalog(table("orders", Column("n", "bigint"), rows=5000))
    plan = build_plan(["ALTER TABLE public.orders ALTER COLUMN n TYPE bigint USING n::bigint"], live, desired, Hints())
    step = only_step(plan)
    assert step.phase is PhaseName.CONTRACT
    assert {Hazard.TABLE_REWRITE, Hazard.ACCESS_EXCLUSIVE_LOCK} <= set(step.hazards)
    assert plan.approval_steps == [step]


def test_widening_a_varchar_is_in_place() -> None:
    live = catalog(table("orders", Column("code", "character varying(20)"), rows=5000))
    desired = catalog(table("orders", Column("code", "character varying(50)"), rows=5000))
    step = only_step(
        build_plan(
            [
                "ALTER TABLE public.orders ALTER COLUMN code TYPE character varying(50) USING code::character varying(50)"
            ],
            live,
            desired,
            Hints(),
        )
    )
    assert step.phase is PhaseName.EXPAND
    assert "USING" not in step.sql, "USING would make PostgreSQL rewrite the table"
    assert Hazard.TABLE_REWRITE not in step.hazards


def test_narrowing_a_text_column_fails_on_long_values_instead_of_cutting_them() -> None:
    live = catalog(table("orders", Column("code", "text"), rows=5000))
    desired = catalog(table("orders", Column("code", "character varying(10)"), rows=5000))
    step = only_step(
        build_plan(
            [
                'alter table "public"."orders" alter column "code" set data type character varying(10) '
                'using "code"::character varying(10)'
            ],
            live,
            desired,
            Hints(),
        )
    )
    assert step.phase is PhaseName.CONTRACT and step.destructive
    # An explicit cast (USING code::varchar(10)) silently truncates; the assignment cast raises instead.
    assert "USING" not in step.sql.upper()
    assert "varchar(10)" in step.sql


def test_index_left_invalid_by_a_failed_build_is_dropped_and_built_again() -> None:
    definition = "CREATE UNIQUE INDEX orders_status_key ON public.orders USING btree (status)"
    live = catalog(
        ORDERS_LIVE,
        indexes={
            ("public", "orders_status_key"): Index(
                "public", "orders_status_key", "orders", definition, unique=True, valid=False
            )
        },
    )
    desired = catalog(
        ORDERS_LIVE,
        indexes={
            ("public", "orders_status_key"): Index(
                "public", "orders_status_key", "orders", definition, unique=True, constraint="orders_status_key"
            )
        },
    )
    plan = build_plan(
        ['alter table "public"."orders" add constraint "orders_status_key" UNIQUE using index "orders_status_key"'],
        live,
        desired,
        Hints(),
    )
    drop, build, attach = plan.steps
    assert drop.sql == 'DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_status_key";' and not drop.destructive
    assert build.sql.startswith("CREATE UNIQUE INDEX CONCURRENTLY orders_status_key ON public.orders")
    assert (drop.phase, build.phase, attach.phase) == (PhaseName.EXPAND, PhaseName.EXPAND, PhaseName.CONSTRAIN)
    valid_live = catalog(
        ORDERS_LIVE,
        indexes={
            ("public", "orders_status_key"): Index("public", "orders_status_key", "orders", definition, unique=True)
        },
    )
    assert build_plan([], valid_live, desired, Hints()).is_empty


def test_index_on_an_empty_existing_table_is_built_at_once() -> None:
    step = only_step(
        build_plan(
            ["CREATE INDEX orders_status_idx ON public.orders USING btree (status)"],
            catalog(ORDERS_EMPTY),
            catalog(ORDERS_EMPTY),
            Hints(),
        )
    )
    assert step.sql == "CREATE INDEX orders_status_idx ON public.orders USING btree (status);"
    assert step.transactional, "CONCURRENTLY would wait for every older transaction for nothing"


# --- constraints -----------------------------------------------------------------------------------


def test_foreign_key_on_a_populated_table_is_added_not_valid_then_validated() -> None:
    customers = table("customers", rows=100)
    orders = table("orders", Column("customer_id", "bigint"), rows=5000)
    plan = build_plan(
        [
            "ALTER TABLE public.orders ADD CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) "
            "REFERENCES public.customers(id)"
        ],
        catalog(customers, orders),
        catalog(customers, orders),
        Hints(),
    )
    add, validate = plan.steps
    assert add.phase is PhaseName.EXPAND and add.sql.endswith("NOT VALID;")
    assert Hazard.VALIDATION_SCAN not in add.hazards
    assert validate.phase is PhaseName.CONSTRAIN
    assert validate.sql == 'ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "orders_customer_fkey";'


def test_not_enforced_check_is_never_validated() -> None:
    plan = build_plan(
        [
            "ALTER TABLE public.orders ADD CONSTRAINT orders_status_check CHECK (status <> '') NOT ENFORCED NOT VALID",
            "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_status_check",
        ],
        catalog(ORDERS_LIVE),
        catalog(ORDERS_LIVE),
        Hints(),
    )
    step = only_step(plan)
    assert "NOT ENFORCED" in step.sql and "VALIDATE" not in step.sql
    assert step.phase is PhaseName.EXPAND


def test_unique_constraint_on_a_populated_table_uses_a_concurrent_index() -> None:
    plan = build_plan(
        ["ALTER TABLE public.orders ADD CONSTRAINT orders_status_key UNIQUE (status)"],
        catalog(ORDERS_LIVE),
        catalog(ORDERS_LIVE),
        Hints(),
    )
    build, attach = plan.steps
    assert build.sql.startswith("CREATE UNIQUE INDEX CONCURRENTLY") and not build.transactional
    assert build.phase is PhaseName.EXPAND
    assert attach.phase is PhaseName.CONSTRAIN
    assert attach.sql.endswith('UNIQUE USING INDEX "orders_status_key";')
    assert Hazard.INDEX_BUILD not in attach.hazards


def test_changed_check_is_validated_under_a_temporary_name_then_swapped() -> None:
    old = Constraint("public", "orders", "orders_status_check", "c", "CHECK ((status <> ''::text))")
    live = catalog(ORDERS_LIVE, constraints={("public", "orders", "orders_status_check"): old})
    plan = build_plan(
        [
            "ALTER TABLE public.orders DROP CONSTRAINT orders_status_check",
            "ALTER TABLE public.orders ADD CONSTRAINT orders_status_check CHECK (length(status) > 1)",
        ],
        live,
        catalog(ORDERS_LIVE),
        Hints(),
    )
    add, validate, swap = plan.steps
    assert '"orders_status_check__sw_new"' in add.sql or "orders_status_check__sw_new" in add.sql
    assert add.sql.endswith("NOT VALID;")
    assert "VALIDATE CONSTRAINT" in validate.sql
    assert swap.sql.splitlines()[0].startswith('ALTER TABLE "public"."orders" DROP CONSTRAINT "orders_status_check"')
    assert "RENAME CONSTRAINT" in swap.sql and swap.transactional
    assert plan.approval_steps == [], "replacing a check deletes nothing"


def test_unique_constraint_on_an_empty_table_is_added_at_once() -> None:
    step = only_step(
        build_plan(
            ["ALTER TABLE public.orders ADD CONSTRAINT orders_status_key UNIQUE (status)"],
            catalog(ORDERS_EMPTY),
            catalog(ORDERS_EMPTY),
            Hints(),
        )
    )
    assert step.phase is PhaseName.EXPAND
    assert step.sql == "ALTER TABLE public.orders ADD CONSTRAINT orders_status_key UNIQUE (status);"


# --- views and row security ------------------------------------------------------------------------


def test_view_over_a_rewritten_column_is_replaced_in_the_same_transaction() -> None:
    live = catalog(
        table("events", Column("n", "integer"), rows=5000),
        views={("public", "totals"): " SELECT sum(n) AS total FROM events;"},
        view_dependencies={("public", "totals"): (("public", "events"),)},
    )
    desired = catalog(
        table("events", Column("n", "bigint"), rows=5000),
        views={("public", "totals"): " SELECT sum(n) AS total FROM events;"},
        view_dependencies={("public", "totals"): (("public", "events"),)},
    )
    plan = build_plan(
        [
            'drop view if exists "public"."totals"',
            'alter table "public"."events" alter column "n" set data type bigint using "n"::bigint',
            'create or replace view "public"."totals" as SELECT sum(n) AS total FROM events',
        ],
        live,
        desired,
        Hints(),
    )
    step = only_step(plan)
    assert step.phase is PhaseName.CONTRACT, "the view moves with the rewrite it depends on"
    assert step.transactional
    lines = [line.split(" ")[0:2] for line in step.sql.lower().splitlines() if line.strip()]
    assert lines[:2] == [["drop", "view"], ["alter", "table"]] and ["create", "or"] in lines
    assert Hazard.BREAKS_CLIENTS not in step.hazards, "the view is never missing for clients"


def test_policies_exist_before_row_security_is_turned_on() -> None:
    plan = build_plan(
        [
            'alter table "public"."orders" enable row level security',
            'create policy "mine" on "public"."orders" as permissive for all to public using (status <> \'hidden\')',
        ],
        catalog(ORDERS_LIVE),
        catalog(ORDERS_LIVE),
        Hints(),
    )
    policy, enable = plan.steps
    assert policy.kind == "CREATE POLICY"
    assert "enable row level security" in enable.sql, "otherwise other roles briefly see no rows at all"


# --- the plan as a whole ---------------------------------------------------------------------------


MIXED = [
    "DROP TABLE public.legacy",
    "ALTER TABLE public.orders ADD COLUMN currency text NOT NULL",
    "CREATE INDEX orders_status_idx ON public.orders USING btree (status)",
    "ALTER TABLE public.orders ADD CONSTRAINT orders_status_check CHECK (status <> '')",
]
MIXED_LIVE = catalog(ORDERS_LIVE, table("legacy", rows=300))
MIXED_DESIRED = catalog(
    table("orders", Column("status", "text", not_null=True), Column("currency", "text", not_null=True), rows=5000)
)
MIXED_HINTS = Hints(backfills={("public", "orders", "currency"): "'EUR'"})


def test_phases_are_always_expand_backfill_constrain_switch_contract() -> None:
    for statements in (MIXED, list(reversed(MIXED))):
        plan = build_plan(statements, MIXED_LIVE, MIXED_DESIRED, MIXED_HINTS)
        assert (
            [p.name for p in plan.phases]
            == PHASE_ORDER
            == [PhaseName.EXPAND, PhaseName.BACKFILL, PhaseName.CONSTRAIN, PhaseName.SWITCH, PhaseName.CONTRACT]
        )
        order = [PHASE_ORDER.index(s.phase) for s in plan.steps]
        assert order == sorted(order), "a step never runs before a step of an earlier phase"
        assert all(s.phase is p.name for p in plan.phases for s in p.steps)
        assert plan.steps[-1].sql == 'DROP TABLE "public"."legacy";'


def test_plan_hash_is_stable_and_follows_the_steps() -> None:
    first = build_plan(MIXED, MIXED_LIVE, MIXED_DESIRED, MIXED_HINTS)
    again = build_plan(MIXED, MIXED_LIVE, MIXED_DESIRED, MIXED_HINTS)
    assert first.hash == again.hash
    assert len(first.hash) == 16
    changed = build_plan(
        [*MIXED[:2], "CREATE INDEX orders_status_idx ON public.orders USING btree (status, id)", MIXED[3]],
        MIXED_LIVE,
        MIXED_DESIRED,
        MIXED_HINTS,
    )
    assert changed.hash != first.hash
    other_live = catalog(ORDERS_LIVE, table("legacy", Column("note", "text"), rows=300))
    moved = build_plan(MIXED, other_live, MIXED_DESIRED, MIXED_HINTS)
    assert moved.hash != first.hash, "the same steps against another live schema are another plan"


def test_plan_round_trips_through_json() -> None:
    plan = build_plan(MIXED, MIXED_LIVE, MIXED_DESIRED, MIXED_HINTS, source="shop.yaml")
    data = json.loads(json.dumps(plan.to_dict()))
    again = Plan.from_dict(data)
    assert again == plan
    assert again.hash == plan.hash == data["hash"]
    backfill = next(s for s in again.steps if s.backfill is not None)
    assert backfill.backfill == next(s for s in plan.steps if s.backfill is not None).backfill
    assert data["summary"]["approvalRequired"] is True


def test_a_hand_edited_plan_is_refused() -> None:
    data = build_plan(MIXED, MIXED_LIVE, MIXED_DESIRED, MIXED_HINTS).to_dict()
    data["phases"][-1]["steps"][0]["sql"] = "DROP TABLE public.orders;"
    with pytest.raises(ValueError, match="does not match"):
        Plan.from_dict(data)


def test_no_statements_make_an_empty_plan() -> None:
    plan = build_plan([], catalog(ORDERS_LIVE), catalog(ORDERS_LIVE), Hints())
    assert plan.is_empty and plan.hazards == [] and plan.approval_steps == []


def test_a_hand_edited_backfill_or_foreign_format_is_refused() -> None:
    from schemawright.plan import Backfill
    from schemawright.plan.model import assemble

    backfill = Backfill(schema="public", table="t", column="c", expression="0", key=("id",), batch_size=10)
    plan = assemble(
        "sha256:x",
        [
            Step(
                sql=backfill.batch_sql() + ";", phase=PhaseName.BACKFILL, reason="r", kind="BACKFILL", backfill=backfill
            )
        ],
    )
    data = plan.to_dict()
    assert Plan.from_dict(data).hash == plan.hash
    data["phases"][1]["steps"][0]["backfill"]["expression"] = "(SELECT secret FROM vault)"
    with pytest.raises(ValueError, match="does not match its SQL"):
        Plan.from_dict(data)
    with pytest.raises(ValueError, match="format version 3"):
        Plan.from_dict({**plan.to_dict(), "formatVersion": 3})
    with pytest.raises(ValueError, match=r"format version 1 was written by an older schemawright.*plan again"):
        Plan.from_dict({**plan.to_dict(), "formatVersion": 1})


# --- what the differ does not compare ---------------------------------------------------------------


def test_privileges_of_roles_the_document_never_names_are_kept() -> None:
    reports = table("reports", rows=10)
    live = catalog(
        reports,
        privileges={
            ("TABLE", "public", "reports", ""): (
                ("app_writer", "INSERT"),
                ("app_writer", "SELECT"),
                ("platform_backup", "SELECT"),
            )
        },
    )
    desired = catalog(reports, privileges={("TABLE", "public", "reports", ""): (("app_writer", "SELECT"),)})
    step = only_step(build_plan([], live, desired, Hints()))
    assert step.sql == 'REVOKE INSERT ON TABLE "public"."reports" FROM "app_writer";'
    assert step.phase is PhaseName.CONTRACT and step.destructive, "a revoke breaks clients: held for approval"
    assert step.rollback == 'GRANT INSERT ON TABLE "public"."reports" TO "app_writer"'


def test_a_new_grant_is_planned_in_expand_with_a_revoke_as_rollback() -> None:
    reports = table("reports", rows=10)
    desired = catalog(reports, privileges={("TABLE", "public", "reports", "body"): (("auditor", "SELECT"),)})
    step = only_step(build_plan([], catalog(reports), desired, Hints()))
    assert step.sql == 'GRANT SELECT ("body") ON TABLE "public"."reports" TO "auditor";'
    assert step.phase is PhaseName.EXPAND and step.lock is Lock.NONE
    assert step.rollback == 'REVOKE SELECT ("body") ON TABLE "public"."reports" FROM "auditor"'


def test_sequence_options_the_differ_misses_are_altered_with_the_old_ones_as_rollback() -> None:
    from schemawright.inspect.catalog import SequenceOptions

    old = SequenceOptions("bigint", 1, 1, 1, 2**63 - 1, 1, False)
    new = SequenceOptions("bigint", 1, 10, 1, 2**63 - 1, 1, True)
    step = only_step(
        build_plan(
            [],
            catalog(sequence_options={("public", "invoice_no"): old}),
            catalog(sequence_options={("public", "invoice_no"): new}),
            Hints(),
        )
    )
    assert step.sql == 'ALTER SEQUENCE "public"."invoice_no" INCREMENT BY 10 CYCLE;'
    assert step.rollback == 'ALTER SEQUENCE "public"."invoice_no" INCREMENT BY 1 NO CYCLE'


def test_a_policy_changing_its_command_is_dropped_and_created_in_one_transaction() -> None:
    from schemawright.inspect.catalog import Policy

    docs = table("docs", rows=10)
    key = ("public", "docs", "docs_read")
    live = catalog(docs, policies={key: "x"}, policy_parts={key: Policy("PERMISSIVE", "SELECT", ("public",), "true")})
    desired = catalog(docs, policies={key: "y"}, policy_parts={key: Policy("PERMISSIVE", "ALL", ("public",), "true")})
    plan = build_plan(
        [
            'drop policy "docs_read" on "public"."docs"',
            'create policy "docs_read" on "public"."docs" as permissive for all to public using (true)',
        ],
        live,
        desired,
        Hints(),
    )
    step = only_step(plan)
    assert step.sql.startswith('drop policy "docs_read" on "public"."docs";\ncreate policy "docs_read"')
    assert step.transactional and step.phase is PhaseName.EXPAND and not step.destructive
