CREATE TABLE readings (id bigint PRIMARY KEY, celsius numeric NOT NULL, checked_at timestamptz);
CREATE FUNCTION to_f(c numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT c * 9 / 5 + 32 $$;
CREATE VIEW readings_f AS SELECT id, to_f(celsius) AS fahrenheit FROM readings;
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.checked_at := now(); RETURN NEW; END $$;
CREATE TRIGGER readings_stamp BEFORE INSERT ON readings FOR EACH ROW EXECUTE FUNCTION stamp();
INSERT INTO readings (id, celsius) VALUES (1, 20), (2, 25.5);
