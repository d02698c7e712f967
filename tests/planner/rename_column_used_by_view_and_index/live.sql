CREATE TABLE customers (id bigint PRIMARY KEY, full_name text NOT NULL, email text);
CREATE INDEX customers_name_idx ON customers (full_name);
CREATE VIEW customer_names AS SELECT id, full_name FROM customers;
INSERT INTO customers VALUES (1, 'Ada', 'a@x.org'), (2, 'Alan', NULL);
