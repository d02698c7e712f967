-- phase: contract
-- DROP TABLE [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, destructive]
DROP TABLE "public"."events_2026";
-- DROP TABLE + CREATE TABLE [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, destructive]
drop table "public"."events";
create table "public"."events" (
    "id" bigint not null,
    "at" date not null,
    "body" text
);
