CREATE TABLE measurements (id int NOT NULL, taken date NOT NULL, value numeric) PARTITION BY RANGE (taken);
CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
COMMENT ON TABLE measurements IS 'Sensor readings.';
COMMENT ON COLUMN measurements.value IS 'In volts.';
GRANT SELECT, INSERT ON measurements TO sw_fx_partition_regular_to_partitioned_keeps_grants;
