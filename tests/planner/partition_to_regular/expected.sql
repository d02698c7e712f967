-- phase: contract
-- DETACH PARTITION + DROP TABLE + CREATE TABLE [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, destructive]
alter table "public"."measurements" detach partition "public"."measurements_2026";
drop table "public"."measurements";
create table "public"."measurements" (
    "id" integer not null,
    "taken" date not null,
    "value" numeric
);
