CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL, status text NOT NULL DEFAULT 'new');

        CREATE VIEW order_list AS SELECT id, customer, status FROM orders;
        CREATE VIEW new_orders AS SELECT id, customer FROM order_list WHERE status = 'new';
