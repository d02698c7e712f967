-- phase: expand
-- ALTER TABLE ADD COLUMN [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.accounts ADD COLUMN public_id uuid;
-- ALTER TABLE SET DEFAULT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."accounts" ALTER COLUMN "public_id" SET DEFAULT uuidv7();

-- phase: backfill
-- BACKFILL [ROW EXCLUSIVE, tx, BACKFILL]
WITH batch AS (SELECT ctid FROM "public"."accounts" WHERE "public_id" IS NULL ORDER BY "id" LIMIT 1000 FOR UPDATE SKIP LOCKED), filled AS (UPDATE "public"."accounts" SET "public_id" = uuidv7() WHERE ctid = ANY (ARRAY(SELECT ctid FROM batch)) AND "public_id" IS NULL RETURNING "id") SELECT count(*) OVER (), "id" FROM filled ORDER BY "id" DESC LIMIT 1;

-- phase: constrain
-- ALTER TABLE ADD CHECK NOT VALID [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."accounts" ADD CONSTRAINT "sw_accounts_public_id_not_null" CHECK ("public_id" IS NOT NULL) NOT VALID;
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."accounts" VALIDATE CONSTRAINT "sw_accounts_public_id_not_null";
-- ALTER TABLE SET NOT NULL + ALTER TABLE DROP CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."accounts" ALTER COLUMN "public_id" SET NOT NULL;
ALTER TABLE "public"."accounts" DROP CONSTRAINT "sw_accounts_public_id_not_null";
