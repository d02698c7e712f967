CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, email_key text GENERATED ALWAYS AS (lower(email)) STORED);
CREATE UNIQUE INDEX users_email_key ON users (email_key);
INSERT INTO users (id, email) VALUES (1, 'A@x.org'), (2, 'b@x.org'), (3, 'C@y.org');
