CREATE TABLE items (id bigint PRIMARY KEY, price numeric(12,2) NOT NULL, qty int NOT NULL, total numeric GENERATED ALWAYS AS (price * qty) STORED);
INSERT INTO items (id, price, qty) SELECT i, i * 0.5, i % 7 FROM generate_series(1, 300) AS i;
