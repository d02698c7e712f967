CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, counter bigint NOT NULL);
CREATE VIEW event_totals AS SELECT kind, sum(counter) AS total, max(counter) AS highest FROM events GROUP BY kind;
