DO $$ BEGIN CREATE ROLE sw_fx_grant_writer; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

        CREATE TABLE reports (id int PRIMARY KEY, body text);
        GRANT SELECT, INSERT, UPDATE ON reports TO sw_fx_grant_writer;
        INSERT INTO reports VALUES (1, 'q1');
