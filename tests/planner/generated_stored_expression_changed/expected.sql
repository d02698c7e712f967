-- phase: contract
-- ALTER TABLE ALTER COLUMN SET EXPRESSION [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
alter table "public"."items" alter column "total" set expression as (round((price * (qty)::numeric), 2));
