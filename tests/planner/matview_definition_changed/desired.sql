CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL, status text NOT NULL DEFAULT 'new');

        CREATE MATERIALIZED VIEW order_totals AS SELECT customer, sum(amount) AS total, count(*) AS n FROM orders GROUP BY customer;
        CREATE UNIQUE INDEX order_totals_customer ON order_totals (customer);
