CREATE TABLE readings (id bigint NOT NULL, at timestamptz NOT NULL, sensor text NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE readings_2025 PARTITION OF readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX readings_sensor_idx ON readings (sensor, at);
