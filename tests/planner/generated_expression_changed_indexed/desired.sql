CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, email_key text GENERATED ALWAYS AS (lower(btrim(email))) STORED);
CREATE UNIQUE INDEX users_email_key ON users (email_key);
