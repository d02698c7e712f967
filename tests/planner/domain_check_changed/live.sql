CREATE DOMAIN percent AS int CONSTRAINT percent_range CHECK (VALUE BETWEEN 0 AND 100);
CREATE TABLE scores (id int PRIMARY KEY, p percent);
INSERT INTO scores VALUES (1, 10), (2, 99);
