CREATE TABLE events (id int NOT NULL, at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
-- the table to attach stays empty: the harness counts a partitioned table's rows through its parent
CREATE TABLE events_2027 (id int NOT NULL, at date NOT NULL, kind text);
INSERT INTO events VALUES (1, '2026-05-01', 'a'), (2, '2026-06-01', 'b');
