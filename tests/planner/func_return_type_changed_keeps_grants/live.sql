DO $$ BEGIN CREATE ROLE sw_fx_func_return_type_changed_keeps_grants; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE prices (id int PRIMARY KEY, cents int NOT NULL);
INSERT INTO prices VALUES (1, 150), (2, 999);
CREATE FUNCTION euros(c int) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT c / 100.0 $$;
CREATE VIEW price_list AS SELECT id, euros(cents) AS euros FROM prices;
COMMENT ON VIEW price_list IS 'Prices in euros.';
GRANT SELECT ON price_list TO sw_fx_func_return_type_changed_keeps_grants;
REVOKE EXECUTE ON FUNCTION euros(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION euros(int) TO sw_fx_func_return_type_changed_keeps_grants;
