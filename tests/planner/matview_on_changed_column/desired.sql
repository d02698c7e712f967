CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount bigint NOT NULL, status text NOT NULL DEFAULT 'new');
CREATE MATERIALIZED VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 20;
