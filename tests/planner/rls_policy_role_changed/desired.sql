CREATE TABLE docs (id int PRIMARY KEY, owner text NOT NULL);
        ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
        CREATE POLICY docs_read ON docs FOR SELECT TO sw_fx_rls_reader USING (true);
