CREATE TABLE settings (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO settings VALUES (1, 'a');
