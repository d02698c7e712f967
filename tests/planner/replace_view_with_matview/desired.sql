CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL);
CREATE MATERIALIZED VIEW order_totals AS SELECT count(*) AS orders, sum(total) AS total FROM orders;
