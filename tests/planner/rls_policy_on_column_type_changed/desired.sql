CREATE TABLE docs (id int PRIMARY KEY, tenant bigint NOT NULL);
        ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
        CREATE POLICY docs_tenant ON docs USING (tenant = current_setting('app.tenant', true)::bigint);
