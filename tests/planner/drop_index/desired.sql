CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX orders_created_idx ON orders (created_at);
