-- phase: contract
-- DROP TABLE [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, destructive]
DROP TABLE "public"."oauth_tokens";
-- DROP TABLE [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, destructive]
DROP TABLE "public"."client_applications";
