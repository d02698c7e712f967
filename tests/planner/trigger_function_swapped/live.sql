CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL, updated_at timestamptz);
INSERT INTO notes VALUES (1, 'a', NULL), (2, 'b', NULL);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch();
