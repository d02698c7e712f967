-- phase: contract
-- DROP VIEW + ALTER TABLE ALTER COLUMN SET EXPRESSION + CREATE VIEW [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
drop view if exists "public"."item_totals";
alter table "public"."items" alter column "total" set expression as (((price * (qty)::numeric) * 1.2));
CREATE OR REPLACE VIEW "public"."item_totals" AS SELECT id,
    total
   FROM items;
