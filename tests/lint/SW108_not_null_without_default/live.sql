-- The live orders table, with rows.
CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT uuidv7(), created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO orders (created_at) SELECT now() - n * interval '1 day' FROM generate_series(1, 20) n;
ANALYZE orders;
