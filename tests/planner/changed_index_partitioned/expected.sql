-- phase: contract
-- DROP INDEX + CREATE INDEX [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, BLOCKS_WRITES, INDEX_BUILD]
DROP INDEX "public"."readings_sensor_idx";
CREATE INDEX readings_sensor_idx ON public.readings USING btree (sensor, at);
