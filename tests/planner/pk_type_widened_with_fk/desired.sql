CREATE TABLE teams (id bigint PRIMARY KEY, name text);
        CREATE TABLE players (id int PRIMARY KEY, team_id bigint NOT NULL REFERENCES teams (id));
