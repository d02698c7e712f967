CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE logins (id bigint PRIMARY KEY, user_id int NOT NULL REFERENCES users (id));
INSERT INTO users (name) VALUES ('a'), ('b');
INSERT INTO logins VALUES (1, 1), (2, 2);
