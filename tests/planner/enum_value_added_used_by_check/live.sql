CREATE TYPE order_status AS ENUM ('new', 'paid');
CREATE TABLE orders (id int PRIMARY KEY, status order_status NOT NULL, paid_at date);
INSERT INTO orders VALUES (1, 'new', NULL), (2, 'paid', '2026-01-01');
