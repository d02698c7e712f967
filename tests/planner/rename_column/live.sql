CREATE TABLE customers (id bigint PRIMARY KEY, full_name text NOT NULL, email text);
CREATE INDEX customers_full_name_idx ON customers (full_name);
INSERT INTO customers SELECT i, 'customer ' || i, 'c' || i || '@example.com' FROM generate_series(1, 1200) AS i;
