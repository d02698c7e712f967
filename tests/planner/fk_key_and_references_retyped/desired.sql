-- documenso's migration of 2025-03-24 (Prisma): folder ids become text; a column of another table changes too
CREATE TABLE folders (id text PRIMARY KEY, parent_id text REFERENCES folders (id) ON DELETE CASCADE, name text);
CREATE TABLE documents (id bigint PRIMARY KEY, folder_id text REFERENCES folders (id) ON DELETE SET NULL,
                        title text, version bigint NOT NULL);
