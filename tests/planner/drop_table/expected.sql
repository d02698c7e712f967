-- phase: contract
-- DROP TABLE [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, destructive]
DROP TABLE "public"."legacy_audit";
