CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO orders (status) SELECT (ARRAY['pending','paid','shipped'])[1 + i % 3] FROM generate_series(1, 500) AS i;
