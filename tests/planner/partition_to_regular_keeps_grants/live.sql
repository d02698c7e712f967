DO $$ BEGIN CREATE ROLE sw_fx_partition_to_regular_keeps_grants; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE measurements (id int NOT NULL, taken date NOT NULL, value numeric) PARTITION BY RANGE (taken);
CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
COMMENT ON TABLE measurements IS 'Sensor readings.';
COMMENT ON COLUMN measurements.value IS 'In volts.';
GRANT SELECT, INSERT ON measurements TO sw_fx_partition_to_regular_keeps_grants;
