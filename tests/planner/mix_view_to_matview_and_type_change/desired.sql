CREATE TABLE orders (id bigint PRIMARY KEY, amount bigint NOT NULL);
        CREATE MATERIALIZED VIEW totals AS SELECT sum(amount) AS total FROM orders;
