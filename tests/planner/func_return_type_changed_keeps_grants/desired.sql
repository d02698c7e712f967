CREATE TABLE prices (id int PRIMARY KEY, cents int NOT NULL);
CREATE FUNCTION euros(c int) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(c / 100.0, 'FM999990.00') $$;
CREATE VIEW price_list AS SELECT id, euros(cents) AS euros FROM prices;
COMMENT ON VIEW price_list IS 'Prices in euros.';
GRANT SELECT ON price_list TO sw_fx_func_return_type_changed_keeps_grants;
REVOKE EXECUTE ON FUNCTION euros(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION euros(int) TO sw_fx_func_return_type_changed_keeps_grants;
