DO $$ BEGIN CREATE ROLE sw_fx_grant_viewer; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

        CREATE TABLE orders (id int PRIMARY KEY, amount int NOT NULL, note text);
        INSERT INTO orders VALUES (1, 10, 'x'), (2, 20, 'y');
        CREATE VIEW order_view AS SELECT id, amount, note FROM orders;
        GRANT SELECT ON order_view TO sw_fx_grant_viewer;
