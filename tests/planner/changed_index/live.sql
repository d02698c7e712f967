CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX orders_created_idx ON orders (created_at);
INSERT INTO orders (status, created_at) SELECT (ARRAY['pending','paid','shipped'])[1 + i % 3], now() - i * interval '1 minute' FROM generate_series(1, 2000) AS i;
