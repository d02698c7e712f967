-- phase: expand
-- CREATE VIEW [NONE, tx]
CREATE OR REPLACE VIEW public.order_totals__sw_new AS SELECT customer, sum(amount) AS total FROM orders GROUP BY customer;
-- DROP MATVIEW + RENAME VIEW [ACCESS EXCLUSIVE, tx]
DROP MATERIALIZED VIEW "public"."order_totals";
ALTER VIEW "public"."order_totals__sw_new" RENAME TO "order_totals";
