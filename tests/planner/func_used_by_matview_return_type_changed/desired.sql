CREATE TABLE prices (id int PRIMARY KEY, cents int NOT NULL);
CREATE FUNCTION euros(c int) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(c / 100.0, 'FM999990.00') $$;
CREATE MATERIALIZED VIEW price_list AS SELECT id, euros(cents) AS euros FROM prices;
CREATE VIEW cheap AS SELECT id FROM price_list WHERE id < 2;
