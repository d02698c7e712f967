CREATE TABLE customers (id bigint PRIMARY KEY, name varchar(100) NOT NULL);
CREATE INDEX customers_name_idx ON customers (name);
