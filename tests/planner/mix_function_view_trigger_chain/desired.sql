CREATE TABLE readings (id bigint PRIMARY KEY, celsius numeric NOT NULL, checked_at timestamptz, source text);
        CREATE FUNCTION to_f(c numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT round(c * 9 / 5 + 32, 1) $$;
        CREATE VIEW readings_f AS SELECT id, to_f(celsius) AS fahrenheit, source FROM readings;
        CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.checked_at := now(); NEW.source := coalesce(NEW.source, 'sensor'); RETURN NEW; END $$;
        CREATE TRIGGER readings_stamp BEFORE INSERT OR UPDATE ON readings FOR EACH ROW EXECUTE FUNCTION stamp();
