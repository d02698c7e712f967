CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');
        CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, email text);
        CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), status order_status NOT NULL DEFAULT 'new', amount bigint NOT NULL);
        CREATE INDEX orders_customer_idx ON orders (customer_id);
        CREATE TABLE shipments (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id), shipped_at timestamptz NOT NULL DEFAULT now());
        CREATE VIEW order_summary AS SELECT customer_id, count(*) AS n, sum(amount) AS total FROM orders GROUP BY customer_id;
