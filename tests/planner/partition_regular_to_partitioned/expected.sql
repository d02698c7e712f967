-- phase: contract
-- CREATE TABLE + CREATE TABLE PARTITION OF + copy rows + DROP TABLE + RENAME (swap) [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, BREAKS_CLIENTS, TABLE_REWRITE, destructive]
create table "public"."measurements__sw_new" (
    "id" integer not null,
    "taken" date not null,
    "value" numeric
) partition by RANGE (taken);
create table "public"."measurements_2026" partition of "public"."measurements__sw_new" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
insert into "public"."measurements__sw_new" select * from "public"."measurements";
DROP TABLE "public"."measurements";
alter table "public"."measurements__sw_new" rename to "measurements";
