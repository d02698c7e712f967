CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, counter integer NOT NULL);
INSERT INTO events SELECT i, (ARRAY['click','view'])[1 + i % 2], i FROM generate_series(1, 2000) AS i;
CREATE VIEW event_totals AS SELECT kind, sum(counter) AS total, max(counter) AS highest FROM events GROUP BY kind;
