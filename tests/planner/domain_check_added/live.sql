CREATE DOMAIN email AS text;
CREATE TABLE users (id int PRIMARY KEY, mail email NOT NULL);
INSERT INTO users VALUES (1, 'a@x.org'), (2, 'b@y.org');
