-- phase: backfill
-- BACKFILL [ROW EXCLUSIVE, tx, BACKFILL]
UPDATE "public"."customers" SET "country" = 'unknown' WHERE ("id") IN (SELECT "id" FROM "public"."customers" WHERE "country" IS NULL ORDER BY "id" LIMIT 500) AND "country" IS NULL RETURNING "id";

-- phase: constrain
-- ALTER TABLE ADD CHECK NOT VALID [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."customers" ADD CONSTRAINT "sw_customers_country_not_null" CHECK ("country" IS NOT NULL) NOT VALID;
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."customers" VALIDATE CONSTRAINT "sw_customers_country_not_null";
-- ALTER TABLE SET NOT NULL + ALTER TABLE DROP CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."customers" ALTER COLUMN "country" SET NOT NULL;
ALTER TABLE "public"."customers" DROP CONSTRAINT "sw_customers_country_not_null";
