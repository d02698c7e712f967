CREATE FUNCTION next_rank() RETURNS int LANGUAGE sql VOLATILE AS $$ SELECT 1 $$;
CREATE TABLE ranks (id int PRIMARY KEY, rank int NOT NULL DEFAULT next_rank());
INSERT INTO ranks VALUES (1, 1), (2, 2);
