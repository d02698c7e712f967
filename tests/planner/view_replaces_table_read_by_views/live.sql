DO $$ BEGIN CREATE ROLE sw_fx_view_replaces_table; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO customers VALUES (1, 'ann'), (2, 'bob');
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, amount integer NOT NULL);
INSERT INTO orders VALUES (1, 1, 10), (2, 2, 25), (3, 1, 40);
CREATE VIEW big_orders AS SELECT id, customer_id, amount FROM orders WHERE amount > 20;
CREATE VIEW big_order_names AS SELECT b.id, c.name FROM big_orders b JOIN customers c ON c.id = b.customer_id;
GRANT SELECT ON big_order_names TO sw_fx_view_replaces_table;
