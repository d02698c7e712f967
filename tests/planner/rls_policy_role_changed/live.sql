DO $$ BEGIN CREATE ROLE sw_fx_rls_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

        CREATE TABLE docs (id int PRIMARY KEY, owner text NOT NULL);
        ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
        CREATE POLICY docs_read ON docs FOR SELECT USING (true);
        INSERT INTO docs VALUES (1, 'a'), (2, 'b');
