-- phase: contract
-- DROP MATVIEW + ALTER TABLE ALTER COLUMN TYPE + CREATE MATERIALIZED VIEW [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
drop materialized view if exists "public"."big_orders";
alter table "public"."orders" alter column "amount" set data type bigint using "amount"::bigint;
create materialized view "public"."big_orders" as  SELECT id,
    amount
   FROM orders
  WHERE (amount > 20);
