-- phase: expand
-- ALTER TABLE ADD CONSTRAINT CHECK NOT VALID [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."accounts_eu" ADD CONSTRAINT "accounts_eu__sw_bound" CHECK (((region IS NOT NULL) AND (region = ANY (ARRAY['eu'::text, 'uk'::text])))) NOT VALID;

-- phase: constrain
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."accounts_eu" VALIDATE CONSTRAINT "accounts_eu__sw_bound";
-- ALTER TABLE DETACH PARTITION + ATTACH PARTITION + DROP CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."accounts" DETACH PARTITION "public"."accounts_eu";
ALTER TABLE "public"."accounts" ATTACH PARTITION "public"."accounts_eu" FOR VALUES IN ('eu', 'uk');
ALTER TABLE "public"."accounts_eu" DROP CONSTRAINT "accounts_eu__sw_bound";
