CREATE TABLE docs (id int PRIMARY KEY, owner text NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_owner ON docs USING (owner = current_user);
INSERT INTO docs VALUES (1, 'a');
