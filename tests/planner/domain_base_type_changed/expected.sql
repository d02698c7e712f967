-- phase: contract
-- REPLACE DOMAIN [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
CREATE DOMAIN "public"."short_name__sw_new" AS character varying(40);
ALTER TABLE "public"."tags" ALTER COLUMN "name" TYPE "public"."short_name__sw_new" USING "name"::character varying(40)::"public"."short_name__sw_new";
DROP DOMAIN "public"."short_name";
ALTER DOMAIN "public"."short_name__sw_new" RENAME TO "short_name";
