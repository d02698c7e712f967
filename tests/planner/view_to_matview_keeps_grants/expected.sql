-- phase: expand
-- CREATE MATERIALIZED VIEW + GRANT + COMMENT [NONE, tx]
CREATE MATERIALIZED VIEW public.order_totals__sw_new AS SELECT customer, sum(amount) AS total FROM orders GROUP BY customer  WITH NO DATA;
GRANT SELECT ON TABLE "public"."order_totals__sw_new" TO "sw_fx_view_to_matview_keeps_grants";
COMMENT ON MATERIALIZED VIEW "public"."order_totals__sw_new" IS 'Totals per customer.';
COMMENT ON COLUMN "public"."order_totals__sw_new"."total" IS 'Sum of amounts.';

-- phase: backfill
-- REFRESH MATERIALIZED VIEW (populate) [NONE, tx]
REFRESH MATERIALIZED VIEW "public"."order_totals__sw_new";

-- phase: constrain
-- DROP VIEW + RENAME (swap) [ACCESS EXCLUSIVE, tx]
DROP VIEW "public"."order_totals";
ALTER MATERIALIZED VIEW "public"."order_totals__sw_new" RENAME TO "order_totals";
