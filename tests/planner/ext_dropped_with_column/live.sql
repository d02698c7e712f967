CREATE EXTENSION ltree;
CREATE TABLE pages (id int PRIMARY KEY, title text NOT NULL, path ltree);
INSERT INTO pages VALUES (1, 'home', 'top'), (2, 'about', 'top.about');
