CREATE TYPE order_status AS ENUM ('new', 'paid');
CREATE TABLE orders (id int PRIMARY KEY, status order_status NOT NULL);
INSERT INTO orders VALUES (1, 'new'), (2, 'paid');
CREATE VIEW open_orders AS SELECT id, status FROM orders WHERE status <> 'paid';
