-- phase: contract
-- ALTER TABLE DROP COLUMN [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, destructive]
alter table "public"."vehicles" drop column "colour";
