CREATE TABLE folders (id integer PRIMARY KEY, parent_id integer REFERENCES folders (id) ON DELETE CASCADE, name text);
CREATE TABLE documents (id bigint PRIMARY KEY, folder_id integer REFERENCES folders (id) ON DELETE SET NULL,
                        title text, version integer NOT NULL);
INSERT INTO folders VALUES (1, NULL, 'root'), (2, 1, 'inbox');
INSERT INTO documents VALUES (10, 2, 'lease', 1);
