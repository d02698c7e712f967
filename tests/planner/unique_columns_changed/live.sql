CREATE TABLE users (id int PRIMARY KEY, tenant int NOT NULL, email text NOT NULL, CONSTRAINT users_email_key UNIQUE (email));
INSERT INTO users VALUES (1, 1, 'a@x.org'), (2, 2, 'b@x.org');
