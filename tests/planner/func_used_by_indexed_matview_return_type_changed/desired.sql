CREATE TABLE prices (id int PRIMARY KEY, cents int NOT NULL);
CREATE FUNCTION euros(c int) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(c / 100.0, 'FM999990.00') $$;
CREATE MATERIALIZED VIEW price_list AS SELECT id, euros(cents) AS euros FROM prices;
CREATE UNIQUE INDEX price_list_id ON price_list (id);
COMMENT ON MATERIALIZED VIEW price_list IS 'Prices in euros, refreshed hourly.';
