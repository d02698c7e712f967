CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
INSERT INTO customers SELECT i, 'c' || i || '@example.com' FROM generate_series(1, 300) AS i;
