CREATE DOMAIN short_name AS varchar(10);
CREATE TABLE tags (id int PRIMARY KEY, name short_name NOT NULL);
INSERT INTO tags VALUES (1, 'red'), (2, 'blue');
