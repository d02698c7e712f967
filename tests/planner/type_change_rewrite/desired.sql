CREATE TABLE events (id integer PRIMARY KEY, payload text NOT NULL, counter bigint NOT NULL DEFAULT 0);
