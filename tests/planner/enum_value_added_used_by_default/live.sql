CREATE TYPE order_status AS ENUM ('new', 'paid');
CREATE TABLE orders (id int PRIMARY KEY, status order_status NOT NULL DEFAULT 'new');
INSERT INTO orders VALUES (1, 'new'), (2, 'paid');
