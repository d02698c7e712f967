CREATE TABLE orders (id int PRIMARY KEY, amount int NOT NULL, note text);
        CREATE VIEW order_view AS SELECT id, amount FROM orders;
        GRANT SELECT ON order_view TO sw_fx_grant_viewer;
