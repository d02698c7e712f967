CREATE TABLE items (id int PRIMARY KEY, price numeric NOT NULL, qty int NOT NULL, total numeric GENERATED ALWAYS AS (round(price * qty, 2)) STORED);
