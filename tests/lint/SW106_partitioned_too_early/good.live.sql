-- The live events table is partitioned and holds ~60 million rows (statistics set directly: the
-- planner and the linter read pg_class.reltuples, nobody counts rows).
CREATE TABLE events (id uuid NOT NULL DEFAULT uuidv7(), created_at timestamptz NOT NULL, kind text NOT NULL,
                     PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX events_created_idx ON events (created_at);
INSERT INTO events (created_at, kind) VALUES ('2026-03-01', 'signup');
UPDATE pg_class SET reltuples = 60000000 WHERE oid = 'events_2026'::regclass;
