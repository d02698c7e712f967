-- phase: expand
-- ALTER SEQUENCE [NONE, tx]
ALTER SEQUENCE "public"."users_id_seq" AS bigint MAXVALUE 9223372036854775807;

-- phase: contract
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
ALTER TABLE "public"."logins" DROP CONSTRAINT "logins_user_id_fkey";
alter table "public"."logins" alter column "user_id" set data type bigint using "user_id"::bigint;
alter table "public"."users" alter column "id" set data type bigint using "id"::bigint;
ALTER TABLE "public"."logins" ADD CONSTRAINT "logins_user_id_fkey" FOREIGN KEY (user_id) REFERENCES users(id) NOT VALID;
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."logins" VALIDATE CONSTRAINT "logins_user_id_fkey";
