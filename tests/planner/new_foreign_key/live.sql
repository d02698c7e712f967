CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total numeric(12,2) NOT NULL);
INSERT INTO customers SELECT i, 'customer ' || i FROM generate_series(1, 300) AS i;
INSERT INTO orders SELECT i, 1 + i % 300, i * 1.5 FROM generate_series(1, 3000) AS i;
