-- phase: contract
-- ALTER TABLE DROP COLUMN [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, destructive]
alter table "public"."pages" drop column "path";
-- DROP EXTENSION [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
DROP EXTENSION "ltree";
