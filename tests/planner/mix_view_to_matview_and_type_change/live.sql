CREATE TABLE orders (id bigint PRIMARY KEY, amount int NOT NULL);
CREATE VIEW totals AS SELECT sum(amount) AS total FROM orders;
INSERT INTO orders VALUES (1, 10), (2, 20);
