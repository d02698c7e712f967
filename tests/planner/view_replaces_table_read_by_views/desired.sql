CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE order_lines (id bigint PRIMARY KEY, customer_id bigint NOT NULL, amount integer NOT NULL);
CREATE VIEW orders AS SELECT id, customer_id, amount FROM order_lines;
CREATE VIEW big_orders AS SELECT id, customer_id, amount FROM orders WHERE amount > 20;
CREATE VIEW big_order_names AS SELECT b.id, c.name FROM big_orders b JOIN customers c ON c.id = b.customer_id;
GRANT SELECT ON big_order_names TO sw_fx_view_replaces_table;
