CREATE TABLE teams (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE people (id bigint PRIMARY KEY, team_id bigint NOT NULL REFERENCES teams (id), email text NOT NULL);
CREATE INDEX people_team_idx ON people (team_id);
INSERT INTO teams SELECT i, 'team ' || i FROM generate_series(1, 50) AS i;
INSERT INTO people SELECT i, 1 + i % 50, 'p' || i || '@example.com' FROM generate_series(1, 1500) AS i;
