CREATE TABLE docs (id int PRIMARY KEY, owner text NOT NULL);
        ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
        ALTER TABLE docs FORCE ROW LEVEL SECURITY;
        CREATE POLICY docs_owner ON docs USING (owner = current_user) WITH CHECK (owner = current_user);
