CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, body text) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO events SELECT i, date '2026-01-01' + (i % 300), 'e' || i FROM generate_series(1, 300) AS i;
CREATE TABLE keep (id bigint PRIMARY KEY);
INSERT INTO keep SELECT generate_series(1, 10);
