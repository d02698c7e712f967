-- phase: contract
-- ALTER TABLE ONLY DROP COLUMN (the child keeps its column) [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, destructive]
alter table only "public"."vehicles" drop column "payload";
