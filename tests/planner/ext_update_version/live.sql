CREATE EXTENSION pg_trgm VERSION '1.5';
CREATE TABLE articles (id int PRIMARY KEY, title text NOT NULL);
INSERT INTO articles VALUES (1, 'hello');
