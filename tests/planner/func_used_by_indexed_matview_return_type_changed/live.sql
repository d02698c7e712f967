CREATE TABLE prices (id int PRIMARY KEY, cents int NOT NULL);
INSERT INTO prices VALUES (1, 150), (2, 999);
CREATE FUNCTION euros(c int) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT c / 100.0 $$;
CREATE MATERIALIZED VIEW price_list AS SELECT id, euros(cents) AS euros FROM prices;
CREATE UNIQUE INDEX price_list_id ON price_list (id);
COMMENT ON MATERIALIZED VIEW price_list IS 'Prices in euros, refreshed hourly.';
