-- phase: contract
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
alter table "public"."events" alter column "counter" set data type bigint using "counter"::bigint;
