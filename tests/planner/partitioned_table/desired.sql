CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE measurements (
  customer_id bigint NOT NULL,
  taken_at timestamptz NOT NULL,
  value double precision NOT NULL,
  PRIMARY KEY (customer_id, taken_at)
) PARTITION BY RANGE (taken_at);
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE measurements_default PARTITION OF measurements DEFAULT;
CREATE INDEX measurements_taken_idx ON measurements (taken_at);
