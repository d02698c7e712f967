-- phase: contract
-- ALTER TABLE ALTER COLUMN SET EXPRESSION [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
alter table "public"."users" alter column "email_key" set expression as (lower(btrim(email)));
