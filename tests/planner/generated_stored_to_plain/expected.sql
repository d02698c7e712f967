-- phase: contract
-- ALTER TABLE SET EXPRESSION [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
alter table "public"."items" alter column "total" drop expression;
