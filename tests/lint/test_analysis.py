"""The linter's pure parts, without a database: query analysis, plan reading, index suggestions, shapes,
suppression matching."""

from __future__ import annotations

import pytest

from schemawright.inspect.catalog import Column, Constraint, Index, Table
from schemawright.lint.plans import Scan, suggest_index, unserved_scans, used_indexes
from schemawright.lint.query import analyze_query, expression_uses, sort_uses
from schemawright.lint.shapes import foreign_key_shape, index_shape
from schemawright.lint.suppress import covers


def test_query_analysis_finds_relations_and_column_uses() -> None:
    shape = analyze_query(
        "SELECT o.id FROM app.orders o JOIN users u ON u.id = o.user_id "
        "WHERE o.tenant_id = $1 AND o.created_at >= $2 AND o.tags ? 'x' AND u.name ILIKE $3 "
        "AND o.deleted_at IS NULL AND o.status IN ('a', 'b') ORDER BY o.created_at DESC"
    )
    assert shape is not None
    assert [(r.schema, r.name, r.ref) for r in shape.relations] == [("app", "orders", "o"), (None, "users", "u")]
    uses = {(u.qualifier, u.column, u.use) for u in shape.uses}
    assert {
        ("u", "id", "eq"),
        ("o", "user_id", "eq"),
        ("o", "tenant_id", "eq"),
        ("o", "created_at", "range"),
        ("o", "tags", "exists"),
        ("u", "name", "like"),
        ("o", "deleted_at", "null"),
        ("o", "status", "eq"),
        ("o", "created_at", "sort"),
    } == uses
    assert analyze_query("SELEC nothing") is None


def test_plan_expressions_are_parsed_like_queries() -> None:
    assert [(u.column, u.use) for u in expression_uses("((o.email)::text = $1)")] == [("email", "eq")]
    assert [(u.qualifier, u.column, u.descending) for u in sort_uses(["o.created_at DESC", "o.id"])] == [
        ("o", "created_at", True),
        ("o", "id", False),
    ]


PLAN = {
    "Node Type": "Limit",
    "Plans": [
        {
            "Node Type": "Sort",
            "Sort Key": ["o.created_at DESC"],
            "Plans": [
                {
                    "Node Type": "Hash Join",
                    "Hash Cond": "(o.user_id = u.id)",
                    "Plans": [
                        {
                            "Node Type": "Seq Scan",
                            "Relation Name": "orders",
                            "Schema": "public",
                            "Alias": "o",
                            "Filter": "((o.status = $1) AND (o.deleted_at IS NULL))",
                        },
                        {
                            "Node Type": "Hash",
                            "Plans": [
                                {
                                    "Node Type": "Bitmap Heap Scan",
                                    "Relation Name": "users",
                                    "Schema": "public",
                                    "Alias": "u",
                                    "Plans": [
                                        {
                                            "Node Type": "Bitmap Index Scan",
                                            "Index Name": "users_pkey",
                                            "Index Cond": "(u.id = $2)",
                                        }
                                    ],
                                }
                            ],
                        },
                    ],
                }
            ],
        }
    ],
}


def test_unserved_scans_and_used_indexes_are_read_from_the_plan() -> None:
    (scan,) = unserved_scans(PLAN)
    assert (scan.qualified, scan.alias, scan.node) == ("public.orders", "o", "Seq Scan")
    assert {(u.column, u.use) for u in scan.uses} == {
        ("status", "eq"),
        ("deleted_at", "null"),
        ("user_id", "eq"),
        ("created_at", "sort"),
    }
    assert used_indexes(PLAN) == {("public", "users_pkey")}


def test_the_suggested_index_puts_equality_first_then_sort_then_range() -> None:
    (scan,) = unserved_scans(PLAN)
    table = Table(
        "public", "orders", columns={c: Column(c, "text") for c in ("status", "deleted_at", "user_id", "created_at")}
    )
    suggestion = suggest_index(scan, table)
    assert suggestion is not None
    assert suggestion.sql == (
        'CREATE INDEX CONCURRENTLY "orders_status_user_id_created_at_idx" ON "public"."orders" '
        '("status", "user_id", "created_at" DESC) WHERE "deleted_at" IS NULL;'
    )
    assert suggestion.yaml == (
        "- {name: orders_status_user_id_created_at_idx, columns: [{name: status}, "
        "{name: user_id}, {name: created_at, order: desc}], where: deleted_at IS NULL}"
    )


@pytest.mark.parametrize(
    ("filter_", "type_", "expected"),
    [
        ("(t.doc @> $1)", "jsonb", 'USING gin ("doc" jsonb_path_ops)'),
        ("(t.doc ? 'k')", "jsonb", 'USING gin ("doc")'),
        ("(t.name ~~* $1)", "text", 'USING gin ("name" gin_trgm_ops)'),
        ("(t.a > $1)", "int", '("a")'),
    ],
)
def test_gin_and_trigram_suggestions(filter_: str, type_: str, expected: str) -> None:
    scan = Scan("public", "t", "t", "Seq Scan", filter_, tuple(expression_uses(filter_)))
    table = Table("public", "t", columns={c: Column(c, type_) for c in ("doc", "name", "a")})
    suggestion = suggest_index(scan, table)
    assert suggestion is not None and expected in suggestion.sql


def test_no_suggestion_for_a_scan_with_nothing_to_index() -> None:
    assert suggest_index(Scan("public", "t", "t", "Seq Scan", None, ()), None) is None


def test_index_and_foreign_key_shapes_come_from_the_catalog_text() -> None:
    index = index_shape(
        Index(
            "public",
            "p_idx",
            "p",
            "CREATE INDEX p_idx ON public.p USING gin (attrs jsonb_path_ops, "
            '"Name" DESC) INCLUDE (x) WHERE ((deleted_at IS NULL) AND (status = 1))',
        )
    )
    assert index is not None
    assert index.method == "gin" and [(k.column, k.opclass, k.descending) for k in index.keys] == [
        ("attrs", "jsonb_path_ops", False),
        ("Name", None, True),
    ]
    assert index.include == ("x",) and index.null_columns == frozenset({"deleted_at"})
    assert index.leads_with(["attrs"]) and index.leads_with(["Name", "attrs"]) and not index.leads_with(["Name"])
    expression = index_shape(Index("public", "e", "p", "CREATE INDEX e ON public.p USING btree (lower(email))"))
    assert expression is not None and not expression.plain_columns and not expression.leads_with(["email"])
    fk = foreign_key_shape(
        Constraint(
            "public",
            "o",
            "o_fk",
            "f",
            'FOREIGN KEY (tenant_id, "Order") REFERENCES public.orders(tenant_id, id) ON DELETE CASCADE',
            referenced_table=("public", "orders"),
        )
    )
    assert fk is not None and fk.columns == ("tenant_id", "Order") and fk.ref_columns == ("tenant_id", "id")
    assert foreign_key_shape(Constraint("public", "o", "c", "c", "CHECK (x > 0)")) is None


@pytest.mark.parametrize(
    ("pattern", "obj", "covered"),
    [
        ("public.products.attributes", "public.products.attributes", True),
        ("public.products", "public.products.attributes", True),
        ("public.products", "public.products_name_idx", False),
        ("public.product", "public.products.attributes", False),
        ("public.*", "public.products.attributes", True),
        ("*.deleted_at", "public.users.deleted_at", True),
        ("app.*", "public.users", False),
        ("public.t.a", "public.t.a,b", False),
    ],
)
def test_decision_objects_cover_themselves_what_is_inside_and_patterns(pattern: str, obj: str, covered: bool) -> None:
    assert covers(pattern, obj) is covered
