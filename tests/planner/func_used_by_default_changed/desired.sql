CREATE FUNCTION new_ref() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT 'T-' || floor(random() * 100000)::int $$;
        CREATE TABLE tickets (id int PRIMARY KEY, ref text NOT NULL DEFAULT new_ref());
