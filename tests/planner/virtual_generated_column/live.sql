CREATE TABLE order_lines (id bigint PRIMARY KEY, quantity integer NOT NULL, unit_price numeric(10,2) NOT NULL);
INSERT INTO order_lines SELECT i, 1 + i % 7, 2.5 * (1 + i % 40) FROM generate_series(1, 2000) AS i;
