-- phase: expand
-- CREATE INDEX [SHARE, tx]
CREATE INDEX readings_sensor_idx__sw_new ON ONLY public.readings USING btree (sensor, at);
-- CREATE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE INDEX CONCURRENTLY readings_2025_sensor_at_idx ON public.readings_2025 USING btree (sensor, at);
-- ALTER INDEX [SHARE UPDATE EXCLUSIVE, tx]
ALTER INDEX "public"."readings_sensor_idx__sw_new" ATTACH PARTITION "public"."readings_2025_sensor_at_idx";
-- DROP INDEX + RENAME INDEX [ACCESS EXCLUSIVE, tx]
DROP INDEX "public"."readings_sensor_idx";
ALTER INDEX "public"."readings_sensor_idx__sw_new" RENAME TO "readings_sensor_idx";
