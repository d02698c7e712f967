CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL, status text NOT NULL DEFAULT 'new');

        CREATE VIEW paid_orders AS SELECT id, customer, amount, status FROM orders WHERE status = 'paid';
        CREATE MATERIALIZED VIEW paid_totals AS SELECT customer, sum(amount) AS total, max(amount) AS biggest FROM paid_orders GROUP BY customer;
