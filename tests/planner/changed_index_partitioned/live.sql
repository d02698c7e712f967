CREATE TABLE readings (id bigint NOT NULL, at timestamptz NOT NULL, sensor text NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE readings_2025 PARTITION OF readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX readings_sensor_idx ON readings (sensor);
INSERT INTO readings SELECT i, timestamptz '2025-01-01' + (i || ' minutes')::interval, 's' || (i % 9) FROM generate_series(1, 5000) AS i;
