-- phase: contract
-- DROP VIEW + ALTER TABLE ALTER COLUMN TYPE + CREATE VIEW [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
drop view if exists "public"."paid_totals";
drop view if exists "public"."paid_orders";
alter table "public"."orders" alter column "amount" set data type bigint using "amount"::bigint;
CREATE OR REPLACE VIEW "public"."paid_orders" AS SELECT id,
    customer,
    amount
   FROM orders
  WHERE (status = 'paid'::text);
CREATE OR REPLACE VIEW "public"."paid_totals" AS SELECT customer,
    sum(amount) AS total
   FROM paid_orders
  GROUP BY customer;
