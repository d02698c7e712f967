CREATE TABLE orders (id bigint PRIMARY KEY, tenant text NOT NULL, amount integer NOT NULL);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON orders USING (tenant = current_setting('app.tenant', true));
CREATE VIEW order_totals WITH (security_invoker = true) AS SELECT tenant, sum(amount) AS total FROM orders GROUP BY tenant;
