CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');
CREATE TABLE orders (id bigint PRIMARY KEY, status order_status NOT NULL DEFAULT 'pending');
INSERT INTO orders SELECT i, (ARRAY['pending','paid','shipped']::order_status[])[1 + i % 3] FROM generate_series(1, 1800) AS i;
