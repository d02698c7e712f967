CREATE TABLE prices (id int PRIMARY KEY, cents int NOT NULL);
INSERT INTO prices VALUES (1, 150), (2, 999);
CREATE FUNCTION euros(c int) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT c / 100.0 $$;
CREATE MATERIALIZED VIEW price_list AS SELECT id, euros(cents) AS euros FROM prices;
CREATE VIEW cheap AS SELECT id FROM price_list WHERE id < 2;
