CREATE TABLE customers (id bigint PRIMARY KEY, name varchar(20) NOT NULL);
CREATE INDEX customers_name_idx ON customers (name);
INSERT INTO customers SELECT i, 'customer ' || i FROM generate_series(1, 2000) AS i;
