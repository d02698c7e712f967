CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL, updated_at timestamptz);
