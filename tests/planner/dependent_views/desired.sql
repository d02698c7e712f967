CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(12, 2) NOT NULL, status text NOT NULL);
CREATE VIEW open_orders AS SELECT id, total, status FROM orders WHERE status IN ('open', 'held');
CREATE VIEW open_order_totals AS SELECT count(*) AS orders, sum(total) AS total, max(status) AS status FROM open_orders;
CREATE VIEW big_open_orders AS SELECT * FROM open_orders WHERE total > 100;
