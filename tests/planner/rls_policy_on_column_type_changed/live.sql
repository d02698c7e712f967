CREATE TABLE docs (id int PRIMARY KEY, tenant int NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_tenant ON docs USING (tenant = current_setting('app.tenant', true)::int);
INSERT INTO docs VALUES (1, 1), (2, 2);
