CREATE EXTENSION ltree;
CREATE TABLE pages (id int PRIMARY KEY, path ltree);
INSERT INTO pages VALUES (1, 'top');
