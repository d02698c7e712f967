CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL);
        CREATE TABLE note_log (at timestamptz NOT NULL, op text NOT NULL);
        CREATE FUNCTION log_op() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO note_log VALUES (now(), TG_OP); RETURN NULL; END $$;
        CREATE TRIGGER notes_log AFTER INSERT OR DELETE ON notes FOR EACH STATEMENT EXECUTE FUNCTION log_op();
