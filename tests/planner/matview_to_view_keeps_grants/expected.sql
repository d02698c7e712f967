-- phase: expand
-- CREATE VIEW + GRANT + COMMENT [NONE, tx]
CREATE OR REPLACE VIEW public.order_totals__sw_new AS SELECT customer, sum(amount) AS total FROM orders GROUP BY customer;
GRANT SELECT ON TABLE "public"."order_totals__sw_new" TO "sw_fx_matview_to_view_keeps_grants";
COMMENT ON VIEW "public"."order_totals__sw_new" IS 'Totals per customer.';
COMMENT ON COLUMN "public"."order_totals__sw_new"."total" IS 'Sum of amounts.';
-- DROP MATVIEW + RENAME VIEW [ACCESS EXCLUSIVE, tx]
DROP MATERIALIZED VIEW "public"."order_totals";
ALTER VIEW "public"."order_totals__sw_new" RENAME TO "order_totals";
