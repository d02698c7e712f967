CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL, updated_at timestamptz);
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := statement_timestamp(); RETURN NEW; END $$;
        CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION stamp();
