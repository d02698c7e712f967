-- phase: contract
-- ALTER TABLE DETACH PARTITION [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, destructive]
alter table "public"."measurements" detach partition "public"."measurements_2026";
-- CREATE TABLE + DROP TABLE + RENAME (swap) [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
create table "public"."measurements__sw_new" (
    "id" integer not null,
    "taken" date not null,
    "value" numeric
);
DROP TABLE "public"."measurements";
alter table "public"."measurements__sw_new" rename to "measurements";
