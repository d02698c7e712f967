CREATE TABLE order_lines (id bigint PRIMARY KEY, tenant text NOT NULL, amount integer NOT NULL);
INSERT INTO order_lines VALUES (1, 'a', 10), (2, 'b', 25), (3, 'a', 40);
ALTER TABLE order_lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON order_lines USING (tenant = current_setting('app.tenant', true));
CREATE TABLE orders (id bigint PRIMARY KEY, tenant text NOT NULL, amount integer NOT NULL);
CREATE VIEW big_orders WITH (security_invoker = true) AS SELECT id, amount FROM orders WHERE amount > 20;
