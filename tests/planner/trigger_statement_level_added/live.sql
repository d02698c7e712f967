CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL);
CREATE TABLE note_log (at timestamptz NOT NULL, op text NOT NULL);
INSERT INTO notes VALUES (1, 'a');
