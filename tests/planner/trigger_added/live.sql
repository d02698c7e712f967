CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL, updated_at timestamptz);
INSERT INTO notes VALUES (1, 'a', NULL);
