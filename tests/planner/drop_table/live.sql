CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE legacy_audit (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id), note text NOT NULL);
CREATE INDEX legacy_audit_customer_idx ON legacy_audit (customer_id);
INSERT INTO customers SELECT i, 'customer ' || i FROM generate_series(1, 500) AS i;
INSERT INTO legacy_audit SELECT i, 1 + i % 500, 'note ' || i FROM generate_series(1, 2500) AS i;
