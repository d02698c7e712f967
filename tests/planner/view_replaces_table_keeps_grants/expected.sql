-- phase: contract
-- DROP VIEW + DROP TABLE + CREATE VIEW + GRANT + COMMENT [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, destructive]
drop view if exists "public"."big_orders";
drop table "public"."orders";
create or replace view "public"."orders" as  SELECT id,
    amount
   FROM order_lines;
GRANT SELECT ON TABLE "public"."orders" TO "sw_fx_view_replaces_table_keeps_grants";
COMMENT ON VIEW "public"."orders" IS 'Orders.';
create or replace view "public"."big_orders" as  SELECT id,
    amount
   FROM orders
  WHERE (amount > 20);
GRANT SELECT ON TABLE "public"."big_orders" TO "sw_fx_view_replaces_table_keeps_grants";
COMMENT ON VIEW "public"."big_orders" IS 'Orders over 20.';
COMMENT ON COLUMN "public"."big_orders"."amount" IS 'In cents.';
