CREATE TABLE people (id bigint PRIMARY KEY, name text NOT NULL);
CREATE VIEW people_names AS SELECT name FROM people;
INSERT INTO people VALUES (1, 'Ada'), (2, 'Alan');
