CREATE TABLE teams (id bigint PRIMARY KEY);
CREATE TABLE players (id bigint PRIMARY KEY, team bigint NOT NULL REFERENCES teams (id), CONSTRAINT team_positive CHECK (team > 0));
INSERT INTO teams VALUES (1), (2);
INSERT INTO players VALUES (1, 1), (2, 2);
