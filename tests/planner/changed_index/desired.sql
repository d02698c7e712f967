CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX orders_created_idx ON orders (status, created_at);
