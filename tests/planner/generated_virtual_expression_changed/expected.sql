-- phase: expand
-- ALTER TABLE SET EXPRESSION [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."people" ALTER COLUMN "full_name" SET EXPRESSION AS (((last || ', '::text) || first));
