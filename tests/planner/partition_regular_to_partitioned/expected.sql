-- phase: contract
-- CREATE TABLE + INSERT + DROP TABLE + RENAME (partitioned) [ACCESS EXCLUSIVE, tx, BLOCKS_WRITES, TABLE_REWRITE]
LOCK TABLE "public"."measurements" IN EXCLUSIVE MODE;
CREATE TABLE public.measurements__sw_new (id int NOT NULL, taken date NOT NULL, value numeric) PARTITION BY RANGE (taken);
CREATE TABLE public.measurements_2026 PARTITION OF public.measurements__sw_new FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO "public"."measurements__sw_new" ("id", "taken", "value") OVERRIDING SYSTEM VALUE SELECT "id", "taken", "value" FROM "public"."measurements";
DROP TABLE "public"."measurements";
ALTER TABLE "public"."measurements__sw_new" RENAME TO "measurements";
