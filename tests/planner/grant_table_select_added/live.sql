DO $$ BEGIN CREATE ROLE sw_fx_grant_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

        CREATE TABLE reports (id int PRIMARY KEY, body text);
        INSERT INTO reports VALUES (1, 'q1');
