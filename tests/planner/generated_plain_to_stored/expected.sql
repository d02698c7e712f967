-- phase: contract
-- ALTER TABLE DROP COLUMN + ALTER TABLE ADD COLUMN [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, TABLE_REWRITE, destructive]
alter table "public"."items" drop column "total";
alter table "public"."items" add column "total" numeric generated always as ((price * (qty)::numeric)) stored;
