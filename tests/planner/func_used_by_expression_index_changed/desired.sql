CREATE FUNCTION norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(btrim(t)) $$;
        CREATE TABLE words (id int PRIMARY KEY, word text NOT NULL);
        CREATE INDEX words_norm_idx ON words (norm(word));
