CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL, status text NOT NULL DEFAULT 'new');
INSERT INTO orders VALUES (1, 'ann', 10, 'new'), (2, 'bob', 25, 'paid'), (3, 'ann', 40, 'paid'), (4, 'cy', 5, 'new');

        CREATE VIEW order_list AS SELECT id, customer, amount, status FROM orders;
        CREATE VIEW new_orders AS SELECT id, customer FROM order_list WHERE status = 'new';
