-- phase: contract
-- ALTER TABLE SET EXPRESSION [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
ALTER TABLE "public"."items" ALTER COLUMN "total" SET EXPRESSION AS (((price * (qty)::numeric) * 1.2));
