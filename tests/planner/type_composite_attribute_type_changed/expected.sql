-- phase: contract
-- CREATE TYPE + ALTER TABLE ALTER COLUMN TYPE + DROP TYPE + RENAME TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
CREATE TYPE "public"."money_amount__sw_new" AS ("units" bigint, "currency" text);
ALTER TABLE "public"."payments" ALTER COLUMN "amount" TYPE "public"."money_amount__sw_new" USING CASE WHEN "amount"::text IS NULL THEN NULL ELSE ROW(("amount")."units", ("amount")."currency")::"public"."money_amount__sw_new" END;
DROP TYPE "public"."money_amount";
ALTER TYPE "public"."money_amount__sw_new" RENAME TO "money_amount";
