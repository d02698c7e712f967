CREATE TABLE prices (id int PRIMARY KEY, cents int NOT NULL);
        CREATE FUNCTION euros(c int) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT round(c / 100.0, 2) $$;
        CREATE VIEW price_list AS SELECT id, euros(cents) AS euros FROM prices;
