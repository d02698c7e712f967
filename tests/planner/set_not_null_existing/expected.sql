-- phase: backfill
-- BACKFILL [ROW EXCLUSIVE, tx, BACKFILL]
WITH batch AS (SELECT ctid FROM "public"."customers" WHERE "country" IS NULL ORDER BY "id" LIMIT 500 FOR UPDATE SKIP LOCKED), filled AS (UPDATE "public"."customers" SET "country" = 'unknown' WHERE ctid = ANY (ARRAY(SELECT ctid FROM batch)) AND "country" IS NULL RETURNING "id") SELECT count(*) OVER (), "id" FROM filled ORDER BY "id" DESC LIMIT 1;

-- phase: constrain
-- ALTER TABLE ADD CHECK NOT VALID [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."customers" ADD CONSTRAINT "sw_customers_country_not_null" CHECK ("country" IS NOT NULL) NOT VALID;
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."customers" VALIDATE CONSTRAINT "sw_customers_country_not_null";
-- ALTER TABLE SET NOT NULL + ALTER TABLE DROP CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."customers" ALTER COLUMN "country" SET NOT NULL;
ALTER TABLE "public"."customers" DROP CONSTRAINT "sw_customers_country_not_null";
