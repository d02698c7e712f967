-- phase: contract
-- ALTER TABLE DROP COLUMN + ADD COLUMN (generated: stored → virtual) [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS]
alter table "public"."items" drop column "total";
alter table "public"."items" add column "total" numeric generated always as ((price * (qty)::numeric)) virtual;
