CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
