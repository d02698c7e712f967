CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
-- invoices exists but holds no rows: everything is applied directly.
CREATE TABLE invoices (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  number text NOT NULL,
  amount numeric(12,2) NOT NULL CONSTRAINT invoices_amount_check CHECK (amount >= 0),
  issued_on date NOT NULL,
  CONSTRAINT invoices_number_key UNIQUE (number)
);
CREATE INDEX invoices_customer_idx ON invoices (customer_id);
