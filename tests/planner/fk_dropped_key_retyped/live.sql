CREATE TABLE folders (id integer PRIMARY KEY, name text);
CREATE TABLE documents (id bigint PRIMARY KEY, folder_id integer REFERENCES folders (id));
