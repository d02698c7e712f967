CREATE TABLE measurements (id int NOT NULL, taken date NOT NULL, value numeric);
CREATE TABLE measurements_2026 (id int NOT NULL, taken date NOT NULL, value numeric);
COMMENT ON TABLE measurements IS 'Sensor readings.';
COMMENT ON COLUMN measurements.value IS 'In volts.';
GRANT SELECT, INSERT ON measurements TO sw_fx_partition_to_regular_keeps_grants;
