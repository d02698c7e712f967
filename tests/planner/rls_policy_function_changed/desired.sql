CREATE FUNCTION current_tenant() RETURNS int LANGUAGE sql STABLE AS $$ SELECT coalesce(nullif(current_setting('app.tenant', true), ''), '0')::int $$;
        CREATE TABLE docs (id int PRIMARY KEY, tenant int NOT NULL);
        ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
        CREATE POLICY docs_tenant ON docs USING (tenant = current_tenant());
