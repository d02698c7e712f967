CREATE TABLE articles (id int PRIMARY KEY, title text NOT NULL);
INSERT INTO articles VALUES (1, 'hello world'), (2, 'goodbye');
