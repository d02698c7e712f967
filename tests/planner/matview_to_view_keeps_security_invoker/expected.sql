-- phase: expand
-- CREATE VIEW [NONE, tx]
CREATE OR REPLACE VIEW public.order_totals__sw_new WITH (security_invoker=true) AS SELECT tenant, sum(amount) AS total FROM orders GROUP BY tenant;
-- DROP MATVIEW + RENAME VIEW [ACCESS EXCLUSIVE, tx]
DROP MATERIALIZED VIEW "public"."order_totals";
ALTER VIEW "public"."order_totals__sw_new" RENAME TO "order_totals";
