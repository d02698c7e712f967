CREATE EXTENSION ltree;
CREATE TABLE pages (id int PRIMARY KEY, title text NOT NULL);
INSERT INTO pages VALUES (1, 'home');
