CREATE TABLE docs (id int PRIMARY KEY, owner text NOT NULL, public boolean NOT NULL DEFAULT false);
        ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
        CREATE POLICY docs_owner ON docs USING (owner = current_user OR public);
