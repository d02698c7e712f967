CREATE TABLE items (id int PRIMARY KEY, price numeric NOT NULL, qty int NOT NULL, total numeric);
INSERT INTO items VALUES (1, 2.5, 4, 10), (2, 10, 1, 10);
