CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL);
        CREATE TABLE logins (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id));
