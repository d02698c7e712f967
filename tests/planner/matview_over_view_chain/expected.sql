-- phase: expand
-- CREATE VIEW [NONE, tx]
CREATE OR REPLACE VIEW "public"."paid_orders" AS SELECT id,
    customer,
    amount,
    status
   FROM orders
  WHERE (status = 'paid'::text);
-- CREATE MATERIALIZED VIEW [NONE, tx]
CREATE MATERIALIZED VIEW public.paid_totals__sw_new AS SELECT customer, sum(amount) AS total, max(amount) AS biggest FROM paid_orders GROUP BY customer  WITH NO DATA;

-- phase: backfill
-- REFRESH MATERIALIZED VIEW (populate) [NONE, tx]
REFRESH MATERIALIZED VIEW "public"."paid_totals__sw_new";

-- phase: constrain
-- DROP MATERIALIZED VIEW + RENAME (swap) [ACCESS EXCLUSIVE, tx]
DROP MATERIALIZED VIEW "public"."paid_totals";
ALTER MATERIALIZED VIEW "public"."paid_totals__sw_new" RENAME TO "paid_totals";
