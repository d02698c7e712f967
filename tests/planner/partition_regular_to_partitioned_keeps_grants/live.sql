DO $$ BEGIN CREATE ROLE sw_fx_partition_regular_to_partitioned_keeps_grants; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE measurements (id int NOT NULL, taken date NOT NULL, value numeric);
INSERT INTO measurements VALUES (1, '2026-02-01', 1.5), (2, '2026-03-01', 2.5);
COMMENT ON TABLE measurements IS 'Sensor readings.';
COMMENT ON COLUMN measurements.value IS 'In volts.';
GRANT SELECT, INSERT ON measurements TO sw_fx_partition_regular_to_partitioned_keeps_grants;
