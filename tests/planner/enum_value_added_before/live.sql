CREATE TYPE order_status AS ENUM ('new', 'shipped');
CREATE TABLE orders (id int PRIMARY KEY, status order_status NOT NULL);
INSERT INTO orders VALUES (1, 'new'), (2, 'shipped');
