CREATE TABLE products (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL,
  CONSTRAINT products_price_positive CHECK (price > 0));
