CREATE TABLE items (id bigint PRIMARY KEY, price numeric(12,2) NOT NULL, qty int NOT NULL, total numeric GENERATED ALWAYS AS (price * qty * 1.2) STORED);
