CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL);
INSERT INTO orders SELECT i, i * 1.5 FROM generate_series(1, 300) AS i;
CREATE VIEW order_totals AS SELECT count(*) AS orders, sum(total) AS total FROM orders;
