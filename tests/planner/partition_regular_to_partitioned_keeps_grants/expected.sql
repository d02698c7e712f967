-- phase: contract
-- CREATE TABLE + INSERT + DROP TABLE + RENAME (partitioned) + GRANT + COMMENT [ACCESS EXCLUSIVE, tx, BLOCKS_WRITES, TABLE_REWRITE]
LOCK TABLE "public"."measurements" IN EXCLUSIVE MODE;
CREATE TABLE public.measurements__sw_new (id int NOT NULL, taken date NOT NULL, value numeric) PARTITION BY RANGE (taken);
CREATE TABLE public.measurements_2026 PARTITION OF public.measurements__sw_new FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
GRANT INSERT, SELECT ON TABLE "public"."measurements__sw_new" TO "sw_fx_partition_regular_to_partitioned_keeps_grants";
COMMENT ON TABLE "public"."measurements__sw_new" IS 'Sensor readings.';
COMMENT ON COLUMN "public"."measurements__sw_new"."value" IS 'In volts.';
INSERT INTO "public"."measurements__sw_new" ("id", "taken", "value") OVERRIDING SYSTEM VALUE SELECT "id", "taken", "value" FROM "public"."measurements";
DROP TABLE "public"."measurements";
ALTER TABLE "public"."measurements__sw_new" RENAME TO "measurements";
