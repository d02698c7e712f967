-- phase: contract
-- DETACH PARTITION + DROP TABLE + CREATE TABLE + GRANT + COMMENT [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, destructive]
alter table "public"."measurements" detach partition "public"."measurements_2026";
drop table "public"."measurements";
create table "public"."measurements" (
    "id" integer not null,
    "taken" date not null,
    "value" numeric
);
GRANT INSERT, SELECT ON TABLE "public"."measurements" TO "sw_fx_partition_to_regular_keeps_grants";
COMMENT ON TABLE "public"."measurements" IS 'Sensor readings.';
COMMENT ON COLUMN "public"."measurements"."value" IS 'In volts.';
