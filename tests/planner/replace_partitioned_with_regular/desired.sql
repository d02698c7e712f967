CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, body text);
CREATE TABLE keep (id bigint PRIMARY KEY);
