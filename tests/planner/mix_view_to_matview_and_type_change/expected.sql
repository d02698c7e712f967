-- phase: contract
-- DROP VIEW + ALTER TABLE ALTER COLUMN TYPE + CREATE MATERIALIZED VIEW [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
drop view if exists "public"."totals";
alter table "public"."orders" alter column "amount" set data type bigint using "amount"::bigint;
create materialized view "public"."totals" as  SELECT sum(amount) AS total
   FROM orders;
