-- phase: contract
-- DROP VIEW + ALTER TABLE ALTER COLUMN TYPE + CREATE VIEW [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
drop view if exists "reporting"."daily";
alter table "app"."orders" alter column "amount" set data type bigint using "amount"::bigint;
CREATE OR REPLACE VIEW "reporting"."daily" AS SELECT count(*) AS n,
    sum(amount) AS total
   FROM app.orders;
