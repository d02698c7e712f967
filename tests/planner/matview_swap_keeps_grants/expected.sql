-- phase: expand
-- CREATE MATERIALIZED VIEW + GRANT + COMMENT [NONE, tx]
CREATE MATERIALIZED VIEW public.order_totals__sw_new AS SELECT customer, sum(amount) AS total, count(*) AS n FROM orders GROUP BY customer  WITH NO DATA;
GRANT SELECT ON TABLE "public"."order_totals__sw_new" TO "sw_fx_matview_swap_keeps_grants";
COMMENT ON MATERIALIZED VIEW "public"."order_totals__sw_new" IS 'Totals per customer, refreshed every 15 minutes.';
COMMENT ON COLUMN "public"."order_totals__sw_new"."total" IS 'Sum of amounts.';
-- CREATE UNIQUE INDEX [NONE, tx]
CREATE UNIQUE INDEX order_totals_customer__sw_new ON public.order_totals__sw_new USING btree (customer);

-- phase: backfill
-- REFRESH MATERIALIZED VIEW (populate) [NONE, tx]
REFRESH MATERIALIZED VIEW "public"."order_totals__sw_new";

-- phase: constrain
-- DROP MATERIALIZED VIEW + RENAME (swap) [ACCESS EXCLUSIVE, tx]
DROP MATERIALIZED VIEW "public"."order_totals";
ALTER MATERIALIZED VIEW "public"."order_totals__sw_new" RENAME TO "order_totals";
ALTER INDEX "public"."order_totals_customer__sw_new" RENAME TO "order_totals_customer";
