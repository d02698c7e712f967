CREATE TABLE products (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL);
INSERT INTO products SELECT i, 'product ' || i, i % 100 FROM generate_series(1, 1500) AS i;
