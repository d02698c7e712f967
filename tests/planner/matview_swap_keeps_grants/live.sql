DO $$ BEGIN CREATE ROLE sw_fx_matview_swap_keeps_grants; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL);
INSERT INTO orders VALUES (1, 'ann', 10), (2, 'bob', 25), (3, 'ann', 40);
CREATE MATERIALIZED VIEW order_totals AS SELECT customer, sum(amount) AS total FROM orders GROUP BY customer;
CREATE UNIQUE INDEX order_totals_customer ON order_totals (customer);
COMMENT ON MATERIALIZED VIEW order_totals IS 'Totals per customer, refreshed every 15 minutes.';
COMMENT ON COLUMN order_totals.total IS 'Sum of amounts.';
GRANT SELECT ON order_totals TO sw_fx_matview_swap_keeps_grants;
