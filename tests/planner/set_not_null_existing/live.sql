CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, country text);
INSERT INTO customers SELECT i, 'customer ' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'NL' END FROM generate_series(1, 2400) AS i;
