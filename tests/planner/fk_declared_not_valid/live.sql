CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE oauth_tokens (id bigint PRIMARY KEY, user_id bigint, scopes text);
INSERT INTO users VALUES (1, 'a');
INSERT INTO oauth_tokens VALUES (1, 1, 'read'), (2, 99, '');
