CREATE TABLE order_lines (id bigint PRIMARY KEY, quantity integer NOT NULL, unit_price numeric(10,2) NOT NULL,
  line_total numeric GENERATED ALWAYS AS (quantity * unit_price) VIRTUAL);
