CREATE TABLE orders (id bigint PRIMARY KEY, tenant text NOT NULL, amount integer NOT NULL);
INSERT INTO orders VALUES (1, 'a', 10), (2, 'b', 25), (3, 'a', 40);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON orders USING (tenant = current_setting('app.tenant', true));
CREATE MATERIALIZED VIEW order_totals AS SELECT tenant, sum(amount) AS total FROM orders GROUP BY tenant;
