-- phase: expand
-- ALTER SEQUENCE [NONE, tx]
ALTER SEQUENCE "public"."users_id_seq" AS bigint MAXVALUE 9223372036854775807;

-- phase: contract
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
alter table "public"."logins" alter column "user_id" set data type bigint using "user_id"::bigint;
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
alter table "public"."users" alter column "id" set data type bigint using "id"::bigint;
