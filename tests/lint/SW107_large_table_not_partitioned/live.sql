-- The live events table is not partitioned and holds ~60 million rows (statistics set directly).
CREATE TABLE events (id uuid NOT NULL DEFAULT uuidv7(), created_at timestamptz NOT NULL, kind text NOT NULL,
                     PRIMARY KEY (id, created_at));
CREATE INDEX events_created_idx ON events (created_at);
INSERT INTO events (created_at, kind) VALUES ('2026-03-01', 'signup');
UPDATE pg_class SET reltuples = 60000000 WHERE oid = 'events'::regclass;
