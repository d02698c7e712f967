CREATE TABLE teams (id int NOT NULL UNIQUE, slug text PRIMARY KEY);
        CREATE TABLE players (id int PRIMARY KEY, team_id int NOT NULL REFERENCES teams (id));
