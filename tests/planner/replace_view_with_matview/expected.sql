-- phase: expand
-- CREATE MATERIALIZED VIEW [NONE, tx]
CREATE MATERIALIZED VIEW public.order_totals__sw_new AS SELECT count(*) AS orders, sum(total) AS total FROM orders  WITH NO DATA;

-- phase: backfill
-- REFRESH MATERIALIZED VIEW (populate) [NONE, tx]
REFRESH MATERIALIZED VIEW "public"."order_totals__sw_new";

-- phase: constrain
-- DROP VIEW + RENAME (swap) [ACCESS EXCLUSIVE, tx]
DROP VIEW "public"."order_totals";
ALTER MATERIALIZED VIEW "public"."order_totals__sw_new" RENAME TO "order_totals";
