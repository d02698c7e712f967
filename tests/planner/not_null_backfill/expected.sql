-- phase: expand
-- ALTER TABLE ADD COLUMN [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.users ADD COLUMN email_verified boolean;

-- phase: backfill
-- BACKFILL [ROW EXCLUSIVE, tx, BACKFILL]
WITH batch AS (SELECT ctid FROM "public"."users" WHERE "email_verified" IS NULL ORDER BY "id" LIMIT 1000 FOR UPDATE SKIP LOCKED), filled AS (UPDATE "public"."users" SET "email_verified" = false WHERE ctid = ANY (ARRAY(SELECT ctid FROM batch)) AND "email_verified" IS NULL RETURNING "id") SELECT count(*) OVER (), "id" FROM filled ORDER BY "id" DESC LIMIT 1;
-- BACKFILL [ROW EXCLUSIVE, tx, BACKFILL]
WITH batch AS (SELECT ctid FROM "public"."users" WHERE "phone" IS NULL ORDER BY "id" LIMIT 1000 FOR UPDATE SKIP LOCKED), filled AS (UPDATE "public"."users" SET "phone" = '' WHERE ctid = ANY (ARRAY(SELECT ctid FROM batch)) AND "phone" IS NULL RETURNING "id") SELECT count(*) OVER (), "id" FROM filled ORDER BY "id" DESC LIMIT 1;

-- phase: constrain
-- ALTER TABLE ADD CHECK NOT VALID [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."users" ADD CONSTRAINT "sw_users_email_verified_not_null" CHECK ("email_verified" IS NOT NULL) NOT VALID;
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."users" VALIDATE CONSTRAINT "sw_users_email_verified_not_null";
-- ALTER TABLE SET NOT NULL + ALTER TABLE DROP CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."users" ALTER COLUMN "email_verified" SET NOT NULL;
ALTER TABLE "public"."users" DROP CONSTRAINT "sw_users_email_verified_not_null";
-- ALTER TABLE ADD CHECK NOT VALID [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."users" ADD CONSTRAINT "sw_users_phone_not_null" CHECK ("phone" IS NOT NULL) NOT VALID;
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."users" VALIDATE CONSTRAINT "sw_users_phone_not_null";
-- ALTER TABLE SET NOT NULL + ALTER TABLE DROP CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."users" ALTER COLUMN "phone" SET NOT NULL;
ALTER TABLE "public"."users" DROP CONSTRAINT "sw_users_phone_not_null";
