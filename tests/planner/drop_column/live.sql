CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, fax text);
INSERT INTO customers SELECT i, 'customer ' || i, '+31-20-' || i FROM generate_series(1, 2000) AS i;
