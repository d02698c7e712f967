CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX orders_created_idx ON orders (created_at);
INSERT INTO orders (id, status) SELECT i, (ARRAY['pending','paid','shipped'])[1 + i % 3] FROM generate_series(1, 2000) AS i;
