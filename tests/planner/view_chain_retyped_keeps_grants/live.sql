DO $$ BEGIN CREATE ROLE sw_fx_view_chain_retyped_keeps_grants; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL, status text NOT NULL DEFAULT 'new');
INSERT INTO orders VALUES (1, 'ann', 10, 'new'), (2, 'bob', 25, 'paid'), (3, 'ann', 40, 'paid');
CREATE VIEW paid_orders AS SELECT id, customer, amount FROM orders WHERE status = 'paid';
CREATE VIEW paid_totals AS SELECT customer, sum(amount) AS total FROM paid_orders GROUP BY customer;
COMMENT ON VIEW paid_orders IS 'Orders that are paid.';
COMMENT ON COLUMN paid_totals.total IS 'Sum of paid amounts.';
GRANT SELECT ON paid_orders TO sw_fx_view_chain_retyped_keeps_grants;
GRANT SELECT ON paid_totals TO sw_fx_view_chain_retyped_keeps_grants;
