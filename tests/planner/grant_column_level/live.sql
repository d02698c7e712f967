DO $$ BEGIN CREATE ROLE sw_fx_grant_auditor; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

        CREATE TABLE staff (id int PRIMARY KEY, name text NOT NULL, salary int);
        INSERT INTO staff VALUES (1, 'a', 100);
