CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(12, 2) NOT NULL, status text NOT NULL);
INSERT INTO orders SELECT i, i * 1.5, CASE WHEN i % 4 = 0 THEN 'open' ELSE 'paid' END FROM generate_series(1, 400) AS i;
CREATE VIEW open_orders AS SELECT id, total FROM orders WHERE status = 'open';
CREATE VIEW open_order_totals AS SELECT count(*) AS orders, sum(total) AS total FROM open_orders;
