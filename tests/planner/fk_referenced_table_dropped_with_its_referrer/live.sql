CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE client_applications (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), name text);
CREATE TABLE oauth_tokens (id bigint PRIMARY KEY, client_application_id bigint REFERENCES client_applications (id),
                           user_id bigint REFERENCES users (id));
INSERT INTO users VALUES (1, 'a');
INSERT INTO client_applications VALUES (1, 1, 'app');
INSERT INTO oauth_tokens VALUES (1, 1, 1);
