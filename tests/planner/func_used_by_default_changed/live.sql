CREATE FUNCTION new_ref() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT 'R-' || floor(random() * 1000)::int $$;
CREATE TABLE tickets (id int PRIMARY KEY, ref text NOT NULL DEFAULT new_ref());
INSERT INTO tickets VALUES (1, 'R-1'), (2, 'R-2');
