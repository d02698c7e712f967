"""Typed statements: each states its lock and hazards (checked against the classifier) and knows when its
effect is already on the live database (what a resumed apply relies on)."""

from __future__ import annotations

from schemawright.classify.hazards import Hazard, Lock
from schemawright.inspect.catalog import Catalog, Column, Index, Table
from schemawright.plan import Hints, build_plan
from schemawright.plan.operations import audit_against_classifier
from schemawright.plan.operations.indexes import AttachIndex, CreateIndex, DropIndex, RenameIndex

ORDERS = Table(
    schema="public",
    name="orders",
    columns={"id": Column("id", "bigint", not_null=True)},
    primary_key=("id",),
    row_estimate=5000,
    size_bytes=8192 * 50,
)
IDX = ("public", "orders_id_idx")


def live(*indexes: Index) -> Catalog:
    return Catalog(tables={("public", "orders"): ORDERS}, indexes={(i.schema, i.name): i for i in indexes})


def index(name: str = "orders_id_idx", *, valid: bool = True, parent: tuple[str, str] | None = None) -> Index:
    return Index(
        "public", name, "orders", f"CREATE INDEX {name} ON public.orders USING btree (id)", valid=valid, parent=parent
    )


def test_a_stated_effect_that_differs_from_the_classifier_is_reported() -> None:
    wrong = CreateIndex(
        sql="CREATE INDEX CONCURRENTLY orders_id_idx ON public.orders (id)",
        table=("public", "orders"),
        name=IDX,
        concurrent=False,
    )  # says "in a transaction, SHARE": the SQL says otherwise
    with audit_against_classifier() as mismatches:
        from schemawright.plan.operations import effects

        effects([wrong], live(), live(), "public")
    assert len(mismatches) == 1 and "CONCURRENTLY" in mismatches[0]


def test_planned_index_steps_state_what_the_classifier_would_say() -> None:
    with audit_against_classifier() as mismatches:
        plan = build_plan(["CREATE INDEX orders_id_idx ON public.orders USING btree (id)"], live(), live(), Hints())
    assert not mismatches
    step = plan.steps[0]
    assert step.lock is Lock.SHARE_UPDATE_EXCLUSIVE and step.hazards == (Hazard.INDEX_BUILD,)
    assert not step.transactional


def test_an_index_build_is_done_only_when_the_index_is_valid() -> None:
    build = CreateIndex(sql="…", table=("public", "orders"), name=IDX, concurrent=True)
    assert not build.done(live())
    assert not build.done(live(index(valid=False))), "an interrupted build leaves an INVALID index: build again"
    assert build.done(live(index()))


def test_drop_rename_and_attach_know_when_they_are_done() -> None:
    assert DropIndex(sql="…", name=IDX).done(live())
    assert not DropIndex(sql="…", name=IDX).done(live(index()))
    rename = RenameIndex(sql="…", name=("public", "tmp"), to="orders_id_idx")
    assert rename.done(live(index())) and not rename.done(live(index("tmp")))
    attach = AttachIndex(sql="…", parent=("public", "parent_idx"), child=IDX)
    assert attach.done(live(index(parent=("public", "parent_idx")))) and not attach.done(live(index()))


def test_a_saved_step_is_already_done_only_when_every_statement_shows_on_the_live_catalog() -> None:
    from schemawright.plan.operations.resume import already_done

    with_index = live(index())
    assert already_done("CREATE INDEX CONCURRENTLY orders_id_idx ON public.orders USING btree (id);", with_index)
    assert not already_done("CREATE INDEX CONCURRENTLY orders_id_idx ON public.orders USING btree (id);", live())
    enum = Catalog(enums={("public", "mood"): ("sad", "happy")})
    assert already_done("ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'happy';", enum)
    assert not already_done("ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'calm';", enum)
    # A statement whose effect the catalog cannot show is never assumed done.
    assert not already_done("UPDATE public.orders SET id = id;", with_index)
