CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL);
CREATE VIEW order_totals AS SELECT customer, sum(amount) AS total FROM orders GROUP BY customer;
COMMENT ON VIEW order_totals IS 'Totals per customer.';
COMMENT ON COLUMN order_totals.total IS 'Sum of amounts.';
GRANT SELECT ON order_totals TO sw_fx_matview_to_view_keeps_grants;
