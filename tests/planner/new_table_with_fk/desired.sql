CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE addresses (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  line1 text NOT NULL,
  city text NOT NULL
);
CREATE INDEX addresses_customer_idx ON addresses (customer_id);
