CREATE TYPE order_status AS ENUM ('new', 'paid');
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), status order_status NOT NULL DEFAULT 'new', amount int NOT NULL, legacy_flag boolean);
CREATE VIEW order_summary AS SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id;
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
INSERT INTO orders VALUES (1, 1, 'new', 10, NULL), (2, 2, 'paid', 20, true), (3, 1, 'paid', 5, NULL);
