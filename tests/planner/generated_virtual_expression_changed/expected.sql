-- phase: expand
-- ALTER TABLE ALTER COLUMN SET EXPRESSION [ACCESS EXCLUSIVE, tx]
alter table "public"."people" alter column "full_name" set expression as (((last || ', '::text) || first));
