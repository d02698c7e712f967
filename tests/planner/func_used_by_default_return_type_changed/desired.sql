CREATE FUNCTION next_rank() RETURNS bigint LANGUAGE sql VOLATILE AS $$ SELECT 1::bigint $$;
        CREATE TABLE ranks (id int PRIMARY KEY, rank int NOT NULL DEFAULT next_rank());
