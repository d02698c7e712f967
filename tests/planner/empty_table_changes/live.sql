CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint, number text, amount numeric(12,2));
INSERT INTO customers SELECT i, 'customer ' || i FROM generate_series(1, 400) AS i;
