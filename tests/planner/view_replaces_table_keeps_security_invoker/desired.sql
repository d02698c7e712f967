CREATE TABLE order_lines (id bigint PRIMARY KEY, tenant text NOT NULL, amount integer NOT NULL);
ALTER TABLE order_lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON order_lines USING (tenant = current_setting('app.tenant', true));
CREATE VIEW orders WITH (security_invoker = true) AS SELECT id, tenant, amount FROM order_lines;
CREATE VIEW big_orders WITH (security_invoker = true) AS SELECT id, amount FROM orders WHERE amount > 20;
