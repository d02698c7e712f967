CREATE TABLE order_lines (id bigint PRIMARY KEY, amount integer NOT NULL);
CREATE VIEW orders AS SELECT id, amount FROM order_lines;
CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 20;
COMMENT ON VIEW orders IS 'Orders.';
COMMENT ON VIEW big_orders IS 'Orders over 20.';
COMMENT ON COLUMN big_orders.amount IS 'In cents.';
GRANT SELECT ON orders TO sw_fx_view_replaces_table_keeps_grants;
GRANT SELECT ON big_orders TO sw_fx_view_replaces_table_keeps_grants;
