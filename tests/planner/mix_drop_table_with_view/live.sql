CREATE TABLE sessions (id bigint PRIMARY KEY, user_name text NOT NULL);
CREATE VIEW active_sessions AS SELECT user_name FROM sessions;
CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO sessions VALUES (1, 'a'); INSERT INTO users VALUES (1, 'a');
