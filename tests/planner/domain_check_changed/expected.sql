-- phase: expand
-- ALTER DOMAIN ADD CONSTRAINT NOT VALID [SHARE, tx]
ALTER DOMAIN "public"."percent" ADD CONSTRAINT "percent_range__sw_new" CHECK (((VALUE >= 0) AND (VALUE <= 1000))) NOT VALID;

-- phase: constrain
-- ALTER DOMAIN VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER DOMAIN "public"."percent" VALIDATE CONSTRAINT "percent_range__sw_new";
-- ALTER DOMAIN DROP CONSTRAINT + RENAME CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER DOMAIN "public"."percent" DROP CONSTRAINT "percent_range";
ALTER DOMAIN "public"."percent" RENAME CONSTRAINT "percent_range__sw_new" TO "percent_range";
