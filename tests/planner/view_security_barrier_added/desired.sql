CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL, status text NOT NULL DEFAULT 'new');
CREATE VIEW my_orders WITH (security_barrier) AS SELECT id, amount FROM orders WHERE customer = current_user;
