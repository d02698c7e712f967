CREATE TABLE users (id int PRIMARY KEY, mail text NOT NULL);
INSERT INTO users VALUES (1, 'a@x.org'), (2, 'b@y.org');
