CREATE TABLE events (id int NOT NULL, at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_h1 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2026-07-01');
INSERT INTO events VALUES (1, '2026-02-01', 'a'), (2, '2026-03-01', 'b');
