CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
CREATE UNIQUE INDEX users_email_key ON users (email);
INSERT INTO users VALUES (1, 'a@x.org'), (2, 'b@x.org');
