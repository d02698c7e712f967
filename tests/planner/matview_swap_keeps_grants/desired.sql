CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL);
CREATE MATERIALIZED VIEW order_totals AS SELECT customer, sum(amount) AS total, count(*) AS n FROM orders GROUP BY customer;
CREATE UNIQUE INDEX order_totals_customer ON order_totals (customer);
COMMENT ON MATERIALIZED VIEW order_totals IS 'Totals per customer, refreshed every 15 minutes.';
COMMENT ON COLUMN order_totals.total IS 'Sum of amounts.';
GRANT SELECT ON order_totals TO sw_fx_matview_swap_keeps_grants;
