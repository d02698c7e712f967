CREATE TABLE customers (id bigint PRIMARY KEY, full_name text NOT NULL);
CREATE VIEW customer_names AS SELECT id, full_name AS name FROM customers;
INSERT INTO customers VALUES (1, 'Ada'), (2, 'Alan');
