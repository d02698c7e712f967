CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL, status text NOT NULL DEFAULT 'new');
INSERT INTO orders VALUES (1, 'ann', 10, 'new'), (2, 'bob', 25, 'paid'), (3, 'ann', 40, 'paid'), (4, 'cy', 5, 'new');

        CREATE MATERIALIZED VIEW order_totals AS SELECT customer, sum(amount) AS total FROM orders GROUP BY customer;
        CREATE UNIQUE INDEX order_totals_customer ON order_totals (customer);
