CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE oauth_tokens (id bigint PRIMARY KEY, user_id bigint, scopes text);
CREATE TABLE oauth_grants (id bigint PRIMARY KEY, user_id bigint);
-- Rails' add_foreign_key ..., validate: false: the old rows (token 2's user 99 is gone) are not checked
ALTER TABLE oauth_tokens ADD CONSTRAINT oauth_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
ALTER TABLE oauth_tokens ADD CONSTRAINT oauth_tokens_scopes_check CHECK (scopes <> '') NOT VALID;
ALTER TABLE oauth_grants ADD CONSTRAINT oauth_grants_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
