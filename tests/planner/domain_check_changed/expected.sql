-- phase: expand
-- ALTER DOMAIN ADD CONSTRAINT NOT VALID [SHARE, tx]
alter domain "public"."percent" add constraint "percent_range__sw_new" check (((VALUE >= 0) AND (VALUE <= 1000))) not valid;

-- phase: constrain
-- ALTER DOMAIN VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
alter domain "public"."percent" validate constraint "percent_range__sw_new";
-- ALTER DOMAIN DROP CONSTRAINT + RENAME CONSTRAINT [ACCESS EXCLUSIVE, tx]
alter domain "public"."percent" drop constraint "percent_range";
alter domain "public"."percent" rename constraint "percent_range__sw_new" to "percent_range";
