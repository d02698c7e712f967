CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE invoices (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  net numeric(12, 2) NOT NULL,
  vat numeric(12, 2) GENERATED ALWAYS AS (net * 0.2) VIRTUAL,
  gross numeric(12, 2) GENERATED ALWAYS AS (net * 1.2) STORED
);
CREATE INDEX invoices_customer_idx ON invoices (customer_id);
