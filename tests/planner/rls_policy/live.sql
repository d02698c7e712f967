CREATE TABLE documents (id bigint PRIMARY KEY, tenant_id uuid NOT NULL, title text NOT NULL);
INSERT INTO documents SELECT i, ('00000000-0000-0000-0000-00000000000' || (i % 5))::uuid, 'doc ' || i FROM generate_series(1, 1000) AS i;
