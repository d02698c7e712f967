-- organizations and memberships reference each other; both go
CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);
