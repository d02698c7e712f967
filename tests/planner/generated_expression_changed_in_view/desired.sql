CREATE TABLE items (id int PRIMARY KEY, price numeric NOT NULL, qty int NOT NULL, total numeric GENERATED ALWAYS AS (price * qty * 1.2) STORED);
CREATE VIEW item_totals AS SELECT id, total FROM items;
