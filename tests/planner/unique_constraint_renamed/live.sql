CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL CONSTRAINT users_email_uq UNIQUE, age int CONSTRAINT age_positive CHECK (age > 0));
INSERT INTO users VALUES (1, 'a@x.org', 30), (2, 'b@x.org', NULL);
