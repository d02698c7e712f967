-- phase: contract
-- ALTER TABLE DROP COLUMN [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, destructive]
alter table "public"."items" drop column "total";
-- ALTER TABLE ADD COLUMN [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
ALTER TABLE public.items ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty::numeric) STORED;
