CREATE TABLE events (id integer PRIMARY KEY, payload text NOT NULL, counter integer NOT NULL DEFAULT 0);
INSERT INTO events SELECT i, 'event ' || i, i FROM generate_series(1, 2000) AS i;
