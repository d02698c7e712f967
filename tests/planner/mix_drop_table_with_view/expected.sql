-- phase: contract
-- DROP VIEW [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
drop view if exists "public"."active_sessions";
-- DROP TABLE [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, destructive]
DROP TABLE "public"."sessions";
