-- phase: contract
-- DROP VIEW + ALTER TABLE ALTER COLUMN TYPE + CREATE VIEW + GRANT + COMMENT [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
drop view if exists "public"."paid_totals";
drop view if exists "public"."paid_orders";
alter table "public"."orders" alter column "amount" set data type bigint using "amount"::bigint;
CREATE OR REPLACE VIEW "public"."paid_orders" AS SELECT id,
    customer,
    amount
   FROM orders
  WHERE (status = 'paid'::text);
COMMENT ON VIEW "public"."paid_orders" IS 'Orders that are paid.';
GRANT SELECT ON TABLE "public"."paid_orders" TO "sw_fx_view_chain_retyped_keeps_grants";
CREATE OR REPLACE VIEW "public"."paid_totals" AS SELECT customer,
    sum(amount) AS total
   FROM paid_orders
  GROUP BY customer;
GRANT SELECT ON TABLE "public"."paid_totals" TO "sw_fx_view_chain_retyped_keeps_grants";
COMMENT ON COLUMN "public"."paid_totals"."total" IS 'Sum of paid amounts.';
