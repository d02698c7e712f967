CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL);
CREATE VIEW order_list AS SELECT id, customer FROM orders;
