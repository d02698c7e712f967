CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO users VALUES (1, 'a'), (2, 'b');
