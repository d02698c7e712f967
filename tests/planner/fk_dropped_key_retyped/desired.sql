-- the folders' key becomes text and the documents no longer reference it (their column stays integer); the
-- tables are empty (a new environment), so the type change alone would run in expand, before the key's drop
CREATE TABLE folders (id text PRIMARY KEY, name text);
CREATE TABLE documents (id bigint PRIMARY KEY, folder_id integer);
